import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { TEAM_KEY_PREFIX, hashTeamKey, isTeamKeyShape, newTeamKey } from '../src/guard/team-keys.js';

test('a team key is 256 random bits behind a recognisable prefix; only its SHA-256 is kept', () => {
  const keys = Array.from({ length: 200 }, newTeamKey);
  for (const k of keys) {
    assert.ok(k.token.startsWith(TEAM_KEY_PREFIX));
    assert.ok(isTeamKeyShape(k.token), k.token);
    assert.equal(Buffer.from(k.token.slice(TEAM_KEY_PREFIX.length), 'base64url').length, 32);
    assert.equal(k.hash, createHash('sha256').update(k.token).digest('hex'));
    assert.equal(hashTeamKey(k.token), k.hash);
    assert.match(k.id, /^key_[0-9a-f]{18}$/);
    assert.ok(!k.hash.includes(k.token) && !k.id.includes(k.token.slice(8, 20)));
  }
  assert.equal(new Set(keys.map((k) => k.token)).size, keys.length);
  assert.equal(new Set(keys.map((k) => k.id)).size, keys.length);
});

test('team-key shape check refuses other tokens', () => {
  for (const t of ['', 'rk_team_', 'rk_team_short', `rk_admin_${'a'.repeat(43)}`, `rk_team_${'a'.repeat(42)}!`, `rk_team_${'a'.repeat(44)}`]) {
    assert.equal(isTeamKeyShape(t), false, t);
  }
});
