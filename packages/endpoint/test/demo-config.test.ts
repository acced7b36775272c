// `npm start` serves the example config with a giving day that is on at the moment it starts.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RescuekitConfig, inMatchWindow } from '@rescuekit/schema';
// @ts-expect-error a plain .mjs script without types
import { applyDemoConfig, demoConfig } from '../../../scripts/demo-config.mjs';
import { startServer } from '../src/node.js';
import { ADMIN, REPO_ROOT, tempDir } from './helpers.js';

test('the demo config is valid and its giving day is on whenever the demo starts', () => {
  for (const now of [Date.parse('2026-12-01T16:59:59Z'), Date.parse('2027-03-28T00:30:00Z'), Date.now()]) {
    const r = RescuekitConfig.safeParse(demoConfig(now));
    assert.ok(r.success, JSON.stringify(r.error?.issues));
    const movement = r.data.campaigns.find((c) => c.id === 'the-hundred')!;
    assert.ok(movement.match && inMatchWindow(now, movement.match), 'the match is open now');
    assert.ok(Date.parse(movement.endsAt!) - now > 47 * 3_600_000, 'about two days left');
    assert.equal(r.data.campaigns.find((c) => c.id === 'rescue-team-riverside')!.endsAt, movement.endsAt);
  }
});

test('a demo database left by an earlier `npm start` gets the demo\'s giving day when it starts again', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const databaseUrl = `sqlite:${join(dir, 'rescuekit.db')}`;
  const plain = JSON.parse(readFileSync(join(REPO_ROOT, 'examples/rescuekit.config.json'), 'utf8'));
  for (const c of plain.campaigns) delete c.endsAt, delete c.match;
  // The earlier demo: no giving day.
  const before = await startServer({ config: plain, databaseUrl, adminToken: ADMIN, port: 0, log: () => {} });
  await before.close();
  const now = Date.now();
  const config = demoConfig(now);
  const server = await startServer({ config, databaseUrl, adminToken: ADMIN, port: 0, log: () => {} });
  t.after(() => server.close());
  const progress = async (id: string) => (await fetch(`${server.url}/v1/campaigns/${id}`)).json();
  assert.equal((await progress('the-hundred')).match, undefined, 'the store wins over a config, as it must for an operator');
  await applyDemoConfig(server.url, ADMIN, config);
  await applyDemoConfig(server.url, ADMIN, config); // each start applies it again
  const movement = await progress('the-hundred');
  const wanted = config.campaigns.find((c: { id: string }) => c.id === 'the-hundred');
  assert.deepEqual(movement.match, wanted.match);
  assert.equal(movement.endsAt, wanted.endsAt);
  assert.equal((await progress('rescue-team-riverside')).endsAt, wanted.endsAt);
  await assert.rejects(applyDemoConfig(server.url, 'wrong-token-0123456789', config), /refused: HTTP 401/);
});
