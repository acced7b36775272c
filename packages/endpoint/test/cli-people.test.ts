/**
 * `rescuekit invite` and `rescuekit people` on both stores: an invite made on the command line is
 * taken over HTTP and its key works; open invites and people are listed for a campaign and below; a
 * revoked invite answers 410 invite_revoked and a revoked person's key 401; every usage mistake exits 2
 * saying what to type. One run goes through the real binary end to end (invite, then `serve`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { runPeopleCli } from '../src/cli-people.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { ADMIN, CLI, exitOf, REPO_ROOT, spawnCli, tempDir, writeConfig } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const base = { currency: 'usd', goal: 900_000, rescueCost: 300_000 } as const;
const CONFIG: RescuekitConfig = {
  publicUrl: 'https://give.example/',
  campaigns: [
    { id: 'movement', title: 'The Movement', ...base },
    { id: 'team-a', title: 'Team A', parent: 'movement', ...base },
    { id: 'team-b', title: 'Team B', parent: 'movement', ...base },
  ],
};
const HOUR = 3_600_000;

function capture() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
  return { stream, text: () => text };
}

/** `rescuekit <args>` in process, on the store at `url`. */
async function rescuekit(url: string, args: string[], env: Record<string, string> = {}) {
  const out = capture();
  const err = capture();
  const code = await runPeopleCli(args, out.stream, err.stream, { DATABASE_URL: url, ...env });
  return { code, out: out.text(), err: err.text() };
}

const linkOf = (out: string) => /^ {2}https:\/\/give\.example\/console\/join#(rk_invite_[A-Za-z0-9_-]{22})$/m.exec(out)?.[1];
const inviteIdOf = (out: string) => /^Invite (invite_[0-9a-f]+):/m.exec(out)?.[1];

for (const backend of BACKENDS) {
  describe(`${backend.name}: rescuekit invite and people`, () => {
    let url = '';
    let configFile = '';
    let store: Store;
    let app: App;
    let cleanup: () => Promise<void> = async () => {};
    let ip = 0;
    before(async () => {
      url = await backend.fresh();
      const tmp = await tempDir();
      cleanup = tmp.cleanup;
      configFile = await writeConfig(tmp.dir, CONFIG);
      store = await openStore(url);
      app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
      await app.ready;
    });
    after(async () => {
      await app.close();
      await store.close();
      await cleanup();
    });
    const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.fetch(new Request(`http://rk.test${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { ip: `198.51.100.${(ip++ % 250) + 1}` });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, any> };
    };
    const invite = async (campaign: string, role: string, ...rest: string[]) => {
      const r = await rescuekit(url, ['invite', campaign, '--role', role, '--config', configFile, ...rest]);
      assert.equal(r.code, 0, r.err);
      const code = linkOf(r.out);
      const id = inviteIdOf(r.out);
      assert.ok(code && id, r.out);
      return { ...r, code, id };
    };
    const accept = (code: string) => call('POST', '/v1/invites/accept', undefined, { code });

    let lead = { key: '', id: '' };

    test('invite prints the link, role, campaign, expiry and welcome pack; the link is taken over HTTP and the key works', async () => {
      const before = Date.now();
      const made = await invite('team-a', 'lead', '--label', 'Ana');
      assert.match(made.out, /^Invite invite_[0-9a-f]+: lead of team-a \(Team A\), for Ana$/m);
      const expires = /^Expires (\S+) \(in 72 h\); works once\./m.exec(made.out)?.[1];
      assert.ok(expires, made.out);
      assert.ok(Math.abs(Date.parse(expires) - (before + 72 * HOUR)) < 60_000, `72 h from now: ${expires}`);
      assert.match(made.err, new RegExp(`store: ${backend.name} `), 'the store it opened is named');

      // The pack is the one the HTTP API answers, for the same campaign.
      const pack = await call('GET', '/v1/campaigns/team-a/pack', ADMIN);
      assert.equal(pack.status, 200);
      assert.match(made.out, new RegExp(`hosted page +${pack.body['page']}$`, 'm'));
      assert.match(made.out, new RegExp(`poster +${pack.body['poster']}$`, 'm'));
      assert.ok(made.out.includes(`join link     ${pack.body['join']} `), 'join link');
      assert.ok(made.out.includes(pack.body['images'].png), 'share image');
      assert.ok(made.out.includes(pack.body['images'].square) && made.out.includes(pack.body['images'].story), 'square and story images');
      const thermometer = pack.body['embeds'].find((e: { element: string }) => e.element === 'rescue-thermometer').snippet as string;
      assert.ok(made.out.includes(thermometer.replace(/^/gm, '    ')), `the thermometer's snippet:\n${made.out}`);
      assert.ok(!made.out.includes('give.example//'), 'publicUrl without its trailing slash');

      const listed = await rescuekit(url, ['invite', 'list', 'team-a']);
      assert.equal(listed.code, 0, listed.err);
      assert.match(listed.out, new RegExp(`^${made.id}\tteam-a\tlead\tAna\tinvited-by=admin\tcreated=\\S+\texpires=${expires}\n$`));
      assert.doesNotMatch(listed.out, /rk_invite_/, 'a code is never listed');
      const overHttp = await call('GET', '/v1/campaigns/team-a/invites', ADMIN);
      assert.deepEqual(overHttp.body['invites'].map((i: { id: string; invitedBy: string }) => [i.id, i.invitedBy]), [[made.id, 'admin']]);

      const taken = await accept(made.code);
      assert.equal(taken.status, 201, JSON.stringify(taken.body));
      assert.deepEqual([taken.body['person'].campaign, taken.body['person'].role, taken.body['person'].invitedBy], ['team-a', 'lead', 'admin']);
      lead = { key: taken.body['key'], id: taken.body['person'].id };
      const me = await call('GET', '/v1/people/me', lead.key);
      assert.deepEqual([me.status, me.body['person']?.id], [200, lead.id]);
      // A lead: invites its team's recorder, edits its page, does not reach the sibling team.
      assert.equal((await call('POST', '/v1/campaigns/team-a/invites', lead.key, { role: 'recorder' })).status, 201);
      assert.equal((await call('PATCH', '/v1/campaigns/team-a', lead.key, { description: 'Three rescues by spring.' })).status, 200);
      assert.equal((await call('POST', '/v1/campaigns/team-b/invites', lead.key, { role: 'recorder' })).status, 403);
      assert.equal((await accept(made.code)).body['code'], 'invite_used');

      const open = await rescuekit(url, ['invite', 'list', 'movement']);
      assert.doesNotMatch(open.out, new RegExp(made.id), 'a used invite is no longer open');
      assert.match(open.out, /^invite_\w+\tteam-a\trecorder\t-\tinvited-by=person:person_\w+\t/m, 'the subtree\'s invites, the lead\'s included');
      const people = await rescuekit(url, ['people', 'list', 'movement']);
      assert.match(people.out, new RegExp(`^${lead.id}\tteam-a\tlead\tAna\tinvited-by=admin\tcreated=\\S+\n$`));
      assert.equal((await rescuekit(url, ['people', 'list', 'team-b'])).out, '', 'only the campaign and below');
    });

    test('invite revoke: the link then answers 410 invite_revoked', async () => {
      const made = await invite('team-b', 'treasurer');
      const revoked = await rescuekit(url, ['invite', 'revoke', made.id]);
      assert.deepEqual([revoked.code, revoked.out], [0, `revoked invite ${made.id} (treasurer of team-b); its link is refused from now on\n`]);
      const refused = await accept(made.code);
      assert.deepEqual([refused.status, refused.body['code']], [410, 'invite_revoked']);
      assert.match((await rescuekit(url, ['invite', 'revoke', made.id])).out, /revoked already, at \S+; nothing changed/);
      assert.equal((await rescuekit(url, ['invite', 'list', 'team-b'])).out, '');

      const used = await invite('team-b', 'recorder');
      assert.equal((await accept(used.code)).status, 201);
      const late = await rescuekit(url, ['invite', 'revoke', used.id]);
      assert.equal(late.code, 1);
      assert.match(late.err, /already used; revoke the person it made instead: rescuekit people list team-b/);
      const unknown = await rescuekit(url, ['invite', 'revoke', 'invite_000000000000000000']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /no invite "invite_000000000000000000"/);
    });

    test('people revoke: the key is refused from the next request (401)', async () => {
      assert.equal((await call('GET', '/v1/people/me', lead.key)).status, 200);
      const revoked = await rescuekit(url, ['people', 'revoke', lead.id]);
      assert.equal(revoked.code, 0, revoked.err);
      assert.equal(revoked.out, `revoked ${lead.id} (lead of team-a, Ana); every server refuses their key from its next request\n`);
      assert.equal((await call('GET', '/v1/people/me', lead.key)).status, 401);
      assert.equal((await call('GET', '/v1/campaigns/team-a/pack', lead.key)).status, 401);
      assert.match((await rescuekit(url, ['people', 'list', 'team-a'])).out, new RegExp(`^${lead.id}\t.*\trevoked=\\S+$`, 'm'));
      assert.match((await rescuekit(url, ['people', 'revoke', lead.id])).out, /revoked already/);
      const unknown = await rescuekit(url, ['people', 'revoke', 'person_nobody']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /no person "person_nobody"/);
    });

    test('INVITE_TTL_HOURS sets how long the link works, as it does for the server', async () => {
      const before = Date.now();
      const r = await rescuekit(url, ['invite', 'team-a', '--role', 'recorder', '--config', configFile], { INVITE_TTL_HOURS: '5' });
      assert.equal(r.code, 0, r.err);
      const expires = /^Expires (\S+) \(in 5 h\)/m.exec(r.out)?.[1];
      assert.ok(expires && Math.abs(Date.parse(expires) - (before + 5 * HOUR)) < 60_000, r.out);
      const bad = await rescuekit(url, ['invite', 'team-a', '--role', 'recorder', '--config', configFile], { INVITE_TTL_HOURS: '3d' });
      assert.equal(bad.code, 2);
      assert.match(bad.err, /INVITE_TTL_HOURS must be a whole number of hours from 1 to 720, got "3d"/);
    });

    test('usage mistakes exit 2 and say what to type; nothing is written', async () => {
      const raw = await backend.raw(url);
      const count = async () => (await raw.all<{ n: number }>('SELECT COUNT(*) AS n FROM invites'))[0]!.n;
      const { dir, cleanup: done } = await tempDir();
      try {
        const before = Number(await count());
        const noPublicUrl = await writeConfig(dir, { campaigns: CONFIG.campaigns });
        const mistakes: [string[], RegExp][] = [
          [['invite', '--role', 'lead', '--config', configFile], /the campaign id is missing\nUsage: rescuekit invite <campaign> --role <recorder\|treasurer\|lead\|organiser> --config <file>\n {2}\(e\.g\. rescuekit invite rescue-team-demo --role lead/],
          [['invite', 'team-a', '--config', configFile], /--role is required: one of recorder, treasurer, lead, organiser/],
          [['invite', 'team-a', '--role', 'captain', '--config', configFile], /unknown role "captain": --role is one of recorder, treasurer, lead, organiser\n {2}\(e\.g\. rescuekit invite/],
          [['invite', 'nowhere', '--role', 'lead', '--config', configFile], /no campaign "nowhere" in this store \(rescuekit campaign list shows the ids\)/],
          [['invite', 'team-a', '--role', 'lead'], /publicUrl is needed for the invite link .*add --config <file>/],
          [['invite', 'team-a', '--role', 'lead', '--config', noPublicUrl], /publicUrl is not set in .*: invite links point to <publicUrl>\/console\/join/],
          [['invite', 'team-a', '--role', 'lead', '--config', join(dir, 'missing.json')], /missing\.json/],
          [['invite', 'team-a', '--role', 'lead', '--label', 'x'.repeat(81), '--config', configFile], /^rescuekit: --label: /m],
          [['invite', 'team-a', 'team-b', '--role', 'lead', '--config', configFile], /unexpected argument "team-b"/],
          [['invite', 'team-a', '--rol', 'lead'], /Unknown option '--rol'/],
          [['invite', 'list'], /the campaign id is missing\nUsage: rescuekit invite list <campaign>/],
          [['invite', 'list', 'nowhere'], /no campaign "nowhere"/],
          [['invite', 'revoke'], /the invite id is missing\nUsage: rescuekit invite revoke <inviteId>\n {2}\(the ids are in: rescuekit invite list <campaign>\)/],
          [['people'], /people needs a verb: list or revoke\nUsage: rescuekit invite <campaign>/],
          [['people', 'fly'], /unknown command "people fly"/],
          [['people', 'list'], /the campaign id is missing\nUsage: rescuekit people list <campaign>/],
          [['people', 'list', 'nowhere'], /no campaign "nowhere"/],
          [['people', 'revoke'], /the person id is missing/],
        ];
        for (const [args, message] of mistakes) {
          const r = await rescuekit(url, args);
          assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
          assert.match(r.err, message, args.join(' '));
          assert.equal(r.out, '', `${args.join(' ')}: nothing on stdout`);
        }
        assert.equal(Number(await count()), before, 'no invite written');
      } finally {
        await raw.close();
        await done();
      }
    });
  });
}

describe('the rescuekit binary', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });

  test('--help lists invite and people, their options and INVITE_TTL_HOURS', () => {
    const r = run(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {7}rescuekit invite <campaign> --role <recorder\|treasurer\|lead\|organiser> --config <file> \[--label <text>\]$/m);
    assert.match(r.stdout, /^ {7}rescuekit invite list <campaign> \| revoke <inviteId>$/m);
    assert.match(r.stdout, /^ {7}rescuekit people list <campaign> \| revoke <personId>$/m);
    const commands = /\nCommands:\n([\s\S]*?)\n\n/.exec(r.stdout)?.[1] ?? '';
    assert.match(commands, /^ {2}invite {2,}\S/m);
    assert.match(commands, /^ {2}people {2,}\S/m);
    for (const word of ['--role <role>', '--label <text>', 'INVITE_TTL_HOURS']) assert.ok(r.stdout.includes(word), word);
    assert.equal(run(['invite', '--help']).status, 0);
  });

  test('invite by the binary, taken on a running server; bad usage exits 2', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const config = await writeConfig(dir, CONFIG);
      const env = { DATABASE_URL: `sqlite:${join(dir, 'rk.db')}`, ADMIN_TOKEN: ADMIN };
      const bad = run(['invite', 'team-a', '--role', 'captain', '--config', config], env);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /unknown role "captain"/);
      const made = run(['invite', 'team-a', '--role', 'organiser', '--config', config, '--create'], env);
      assert.equal(made.status, 0, made.stderr);
      const code = linkOf(made.stdout);
      assert.ok(code, made.stdout);
      const server = await spawnCli(['serve', '--config', config, '--port', '0'], env);
      try {
        const taken = await fetch(`${server.url}/v1/invites/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
        assert.equal(taken.status, 201);
        const { key } = (await taken.json()) as { key: string };
        const pack = await fetch(`${server.url}/v1/campaigns/team-a/pack`, { headers: { authorization: `Bearer ${key}` } });
        assert.equal(pack.status, 200, 'the new organiser reaches its campaign');
      } finally {
        server.child.kill('SIGTERM');
        await exitOf(server.child);
      }
    } finally {
      await cleanup();
    }
  });
});
