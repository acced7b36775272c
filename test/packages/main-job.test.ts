// The README's first command, `npm start`, on a machine that has never run it: no demo database yet,
// no keys. It must make its database, serve the example pages and the endpoint, apply the demo
// settings and print invite links that give a key when taken. (Run after the build, as the package
// checks are; `RESCUEKIT_START_BUILD=0` skips building again.)
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

/** The two invite links `npm start` prints, each under the line saying what it is for. */
const INVITES = /^ {2}Organiser of the-hundred, the movement \([^\n]+\):\n {4}(http:\/\/localhost:\d+\/console\/join#rk_invite_\S+)\n {2}Lead of rescue-team-demo, a Rescue Team \([^\n]+\):\n {4}(http:\/\/localhost:\d+\/console\/join#rk_invite_\S+)$/m;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts `node scripts/start.mjs` on a fresh demo folder; resolves with its output once the demo settings are applied and the invite links printed. */
async function start(dir: string, port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), RESCUEKIT_DEMO_DIR: dir, RESCUEKIT_START_BUILD: '0' };
  delete env.DATABASE_URL;
  delete env.ADMIN_TOKEN;
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const ready = await Promise.race([
    (async () => {
      for (let i = 0; i < 600 && !(/Demo settings .* applied/.test(out) && INVITES.test(out)) && !/Could not/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      return true;
    })(),
    exited.then(() => false),
  ]);
  return { child, exited, ready, output: () => out };
}

test('npm start on a fresh machine: makes the demo database, serves the pages and the endpoint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rescuekit-start-'));
  const port = await freePort();
  const run = await start(dir, port);
  try {
    assert.ok(run.ready, `start exited early:\n${run.output()}`);
    assert.doesNotMatch(run.output(), /Could not/, run.output());
    assert.match(run.output(), /Team key for rescue-team-demo .*: rk_team_\S+/);
    assert.ok(existsSync(join(dir, 'rescuekit.db')), 'the demo database was made');
    const page = await fetch(`http://127.0.0.1:${port}/chapter-page/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<rescue-thermometer/);
    const team = await (await fetch(`http://127.0.0.1:${port}/v1/campaigns/rescue-team-demo`)).json();
    assert.equal(team.campaign, 'rescue-team-demo');
    const movement = await (await fetch(`http://127.0.0.1:${port}/v1/campaigns/the-hundred`)).json();
    assert.ok(movement.endsAt && movement.match, 'the demo giving day is applied');
    // The invite links: at this run's address; the lead's, taken over HTTP, gives a key for the team.
    const [, organiserLink, leadLink] = INVITES.exec(run.output()) ?? [];
    assert.ok(organiserLink && leadLink, run.output());
    assert.ok(organiserLink.startsWith(`http://localhost:${port}/console/join#`), organiserLink);
    const taken = await fetch(`http://127.0.0.1:${port}/v1/invites/accept`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: leadLink.split('#')[1] }),
    });
    assert.equal(taken.status, 201);
    const { key, person } = await taken.json();
    assert.deepEqual([person.campaign, person.role], ['rescue-team-demo', 'lead']);
    const me = await (await fetch(`http://127.0.0.1:${port}/v1/people/me`, { headers: { authorization: `Bearer ${key}` } })).json();
    assert.equal(me.person.id, person.id, 'the key works');
  } finally {
    run.child.kill('SIGTERM');
    await run.exited;
  }
  // A second start reuses the database.
  const again = await start(dir, port);
  try {
    assert.ok(again.ready, again.output());
    assert.doesNotMatch(again.output(), /Could not/, again.output());
    assert.match(again.output(), INVITES, 'new links at each start');
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
