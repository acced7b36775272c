import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config.js';
import { CONFIG, REPO_ROOT, exitOf, spawnCli, tempDir, writeConfig } from './helpers.js';

test('the demo config loads: the movement with three Rescue Teams under it', async () => {
  const config = await loadConfig(join(REPO_ROOT, 'examples/rescuekit.config.json'));
  assert.deepEqual(config.campaigns.map((c) => [c.id, c.parent ?? null]), [
    ['the-hundred', null], ['rescue-team-demo', 'the-hundred'], ['rescue-team-riverside', 'the-hundred'], ['rescue-team-harbor', 'the-hundred'],
  ]);
});

test('a bad config file names the file and the field', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const cases: [unknown, string, RegExp][] = [
    [{ campaigns: [{ ...CONFIG.campaigns[0], goal: 1.5 }] }, 'campaigns.0.goal', /campaigns\.0\.goal: /],
    [{ campaigns: [{ ...CONFIG.campaigns[0], currency: 'USD' }] }, 'campaigns.0.currency', /ISO 4217/],
    [{ campaigns: [{ ...CONFIG.campaigns[0], colour: 'red' }] }, 'campaigns.0.colour', /not a known field/],
    [{ campaigns: [] }, 'campaigns', /at least one campaign/],
    [{ campaigns: [{ ...CONFIG.campaigns[0], minAmount: 1000, maxAmount: 500 }] }, 'campaigns.0.minAmount', /must not exceed maxAmount/],
  ];
  for (const [config, field, message] of cases) {
    const file = await writeConfig(dir, config);
    await assert.rejects(loadConfig(file), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.field, field);
      assert.ok(e.message.startsWith(`${file}: `), e.message);
      assert.match(e.message, message);
      return true;
    });
  }
});

test('unreadable or invalid JSON config files give a clear message', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  await assert.rejects(loadConfig(join(dir, 'missing.json')), /missing\.json: file not found/);
  await assert.rejects(loadConfig(await writeConfig(dir, '{"campaigns": [')), /rescuekit\.config\.json: not valid JSON/);
});

test('the CLI exits 2 on a bad config, naming the field on stderr', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = await writeConfig(dir, { campaigns: [{ ...CONFIG.campaigns[0], rescueCost: -5 }] });
  const run = spawnCli(['serve', '--config', file, '--port', '0'], { DATABASE_URL: `sqlite:${join(dir, 'rk.db')}` });
  run.catch(() => {});
  let stderr = '';
  run.child.stderr!.on('data', (d) => (stderr += d));
  const { code } = await exitOf(run.child);
  assert.equal(code, 2);
  assert.match(stderr, /campaigns\.0\.rescueCost/);
  assert.doesNotMatch(stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('the CLI exits 2 on bad usage and prints help with --help', async () => {
  const usage = spawnCli(['serve'], {});
  usage.catch(() => {});
  let err = '';
  usage.child.stderr!.on('data', (d) => (err += d));
  assert.equal((await exitOf(usage.child)).code, 2);
  assert.match(err, /--config <file> is required/);

  const help = spawnCli(['--help'], {});
  help.catch(() => {});
  let out = '';
  help.child.stdout!.on('data', (d) => (out += d));
  assert.equal((await exitOf(help.child)).code, 0);
  assert.match(out, /Usage: rescuekit serve --config <file>/);
});
