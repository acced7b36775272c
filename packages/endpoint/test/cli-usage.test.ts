// The CLI's own words: --version, --help and every kind of usage mistake (no server started).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function rescuekit(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const flag of ['--version', '-v']) {
  test(`rescuekit ${flag} prints the version in package.json and exits 0`, () => {
    const run = rescuekit(flag);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `${PACKAGE.version}\n`);
    assert.equal(run.stderr, '');
  });
}

test('rescuekit --help lists the commands and the options, on stdout, exit 0', () => {
  const run = rescuekit('--help');
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  const commands = /\nCommands:\n([\s\S]*?)\n\n/.exec(run.stdout)?.[1] ?? '';
  assert.match(commands, /^ {2}serve {2,}\S/m);
  assert.match(commands, /^ {2}reconcile {2,}\S/m);
  for (const option of ['--config', '--port', '--host', '--static', '--days', '-v, --version', '-h, --help']) assert.ok(run.stdout.includes(option), option);
});

const mistakes: [args: string[], message: RegExp][] = [
  [['--bogus'], /^rescuekit: unknown option --bogus$/m],
  [['serve', '--config', 'x.json', '--verbose=2'], /^rescuekit: unknown option --verbose$/m],
  [['-x'], /^rescuekit: unknown option -x$/m],
  [[], /^rescuekit: a command is required: serve or reconcile$/m],
  [['start'], /^rescuekit: unknown command "start" \(the commands are serve and reconcile\)$/m],
  [['serve', 'now'], /^rescuekit: unexpected argument "now" after serve$/m],
  [['serve'], /^rescuekit: --config <file> is required$/m],
];
for (const [args, message] of mistakes) {
  test(`rescuekit ${args.join(' ') || '(nothing)'}: exit 2 with one line naming the mistake, and where help is`, () => {
    const run = rescuekit(...args);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, message);
    assert.match(run.stderr, /Run "rescuekit --help"/);
    assert.ok(run.stderr.split('\n').length <= 3, `short, not the whole help:\n${run.stderr}`);
  });
}
