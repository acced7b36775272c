/**
 * The organisation's CLI verbs on an SQLite file (the same code path serves Postgres; the
 * store behaviours themselves are in the contract suite), and SIGHUP re-reading the config
 * of a running server without dropping its live streams.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runTeamsCli } from '../src/cli-teams.js';
import { openStore } from '../src/store/open.js';
import { CONFIG, exitOf, openSse, spawnCli, tempDir, writeConfig } from './helpers.js';

function capture() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

async function cli(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await runTeamsCli(args, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

test('campaign add|list|archive, team-key create|list|revoke, unassigned list|assign', async () => {
  const { dir, cleanup } = await tempDir();
  const before = process.env['DATABASE_URL'];
  const url = `sqlite:${join(dir, 'rk.db')}`;
  process.env['DATABASE_URL'] = url;
  try {
    const config = await writeConfig(dir, { campaigns: [{ id: 'movement', title: 'Movement', currency: 'usd', goal: 30_000_000, rescueCost: 300_000 }, { id: 'won', title: 'KRW', currency: 'krw', goal: 1_000_000, rescueCost: 100_000 }] });
    const added = await cli(['campaign', 'add', '--create', '--config', config, '--id', 'riverside', '--title', 'Riverside', '--goal', '900000', '--rescue-cost', '300000', '--parent', 'movement']);
    assert.deepEqual([added.code, added.out], [0, 'created riverside under movement (usd); raised 0\n']);
    const json = await cli(['campaign', 'add', '--json', JSON.stringify({ id: 'hill', title: 'Hill', currency: 'usd', goal: 900_000, rescueCost: 300_000, parent: 'riverside' })]);
    assert.equal(json.code, 0, json.err);
    const wrong = await cli(['campaign', 'add', '--id', 'seoul', '--title', 'Seoul', '--goal', '900000', '--rescue-cost', '300000', '--parent', 'won']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /parent: .*same currency/);
    const list = await cli(['campaign', 'list']);
    assert.match(list.out, /^hill\tusd\tparent=riverside\traised=0/m);
    assert.doesNotMatch(list.out, /seoul/, 'a refused campaign is not written');

    const created = await cli(['team-key', 'create', 'riverside', '--label', 'treasurer']);
    const token = /\n {2}(rk_team_\S+)\n/.exec(created.out)?.[1];
    const keyId = /team key (key_\w+)/.exec(created.out)?.[1];
    assert.ok(token && keyId, created.out);
    assert.equal((await cli(['team-key', 'create', 'nowhere'])).code, 1);
    const keys = await cli(['team-key', 'list', 'riverside']);
    assert.match(keys.out, new RegExp(`^${keyId}\ttreasurer\tcreated=\\S+\tlast-used=never\n$`));
    assert.doesNotMatch(keys.out, /rk_team_/);
    assert.equal((await cli(['team-key', 'revoke', keyId])).code, 0);
    assert.match((await cli(['team-key', 'list', 'riverside'])).out, /revoked=/);

    const store = await openStore(url);
    await store.applyStripeEvents([{ effect: { kind: 'payment', eventId: 'evt_1', eventType: 'checkout.session.completed', created: 1, ref: 'pi_1', aliases: [], campaign: 'typo-team', amount: 2_500, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true } }]);
    await store.close();
    assert.match((await cli(['unassigned', 'list'])).out, /^pi_1\tevent=evt_1\tnames=typo-team\t2500 usd/m);
    assert.equal((await cli(['unassigned', 'assign', 'pi_1', 'won'])).code, 1, 'not across currencies');
    const assigned = await cli(['unassigned', 'assign', 'pi_1', 'hill']);
    assert.deepEqual([assigned.code, assigned.out], [0, 'assigned pi_1 (2500 usd) to hill; raised 2500\n']);
    assert.match((await cli(['unassigned', 'assign', 'pi_1', 'hill'])).out, /already; nothing changed/);
    assert.equal((await cli(['unassigned', 'list'])).out, '');
    assert.match((await cli(['campaign', 'list'])).out, /^movement\tusd\tparent=-\traised=2500/m);

    assert.equal((await cli(['campaign', 'archive', 'hill'])).code, 0);
    assert.match((await cli(['campaign', 'list'])).out, /^hill\t.*\tarchived\t/m);
    assert.equal((await cli(['campaign', 'fly'])).code, 2);
  } finally {
    if (before === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = before;
    await cleanup();
  }
});

test('SIGHUP re-reads the config: a new campaign is served, live streams stay open, the server keeps running', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const config = await writeConfig(dir, CONFIG);
    const run = await spawnCli(['serve', '--config', config, '--port', '0'], { DATABASE_URL: `sqlite:${join(dir, 'rk.db')}`, ADMIN_TOKEN: 'sighup-admin-token-0123456789abcdefghijklmn' });
    const sse = await openSse(`${run.url}/v1/campaigns/team/events`);
    await sse.waitFor(1);
    assert.equal((await fetch(`${run.url}/v1/campaigns/hup`)).status, 404);
    await writeFile(config, JSON.stringify({ campaigns: [...CONFIG.campaigns, { id: 'hup', title: 'Added on SIGHUP', currency: 'usd', goal: 900_000, rescueCost: 300_000, parent: 'team' }] }));
    run.child.kill('SIGHUP');
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await fetch(`${run.url}/v1/campaigns/hup`)).status;
    }
    assert.equal(status, 200);
    const res = await fetch(`${run.url}/v1/campaigns/hup/offline-gifts`, {
      method: 'POST', headers: { authorization: 'Bearer sighup-admin-token-0123456789abcdefghijklmn', 'content-type': 'application/json', 'idempotency-key': 'hup-1' }, body: '{"amount":700,"currency":"usd"}',
    });
    assert.equal(res.status, 201);
    const events = await sse.waitFor(2);
    assert.equal(JSON.parse(events.at(-1)!.data).raised, 700, 'the open stream of the parent got the roll-up');
    assert.equal(run.child.exitCode, null);
    await sse.close();
    run.child.kill('SIGINT');
    assert.equal((await exitOf(run.child)).code, 0);
  } finally {
    await cleanup();
  }
});
