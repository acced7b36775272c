import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HumanCheckUnavailableError, createHumanCheck, humanCheckOff, siteverifyHumanCheck } from '../src/guard/human-check.js';

const seen: URLSearchParams[] = [];
let server: Server;
let base: string;
before(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      seen.push(form);
      if (req.url === '/down') return res.writeHead(503).end();
      if (req.url === '/garbage') return res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
      const ok = form.get('secret') === 'the-secret' && form.get('response') === 'good-token';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { success: true } : { success: false, 'error-codes': ['invalid-input-response'] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

test('off by default: every request passes', async () => {
  assert.equal(humanCheckOff.enabled, false);
  assert.equal(await humanCheckOff.verify(undefined, '203.0.113.9'), true);
  assert.equal(createHumanCheck(undefined, {}), humanCheckOff);
});

test('siteverify: good token passes, bad or missing tokens fail; secret, token and IP are posted', async () => {
  const check = siteverifyHumanCheck({ provider: 'turnstile', secret: 'the-secret', verifyUrl: `${base}/siteverify` });
  assert.equal(check.enabled, true);
  seen.length = 0;
  assert.equal(await check.verify('good-token', '203.0.113.9'), true);
  assert.deepEqual(Object.fromEntries(seen[0]!), { secret: 'the-secret', response: 'good-token', remoteip: '203.0.113.9' });
  assert.equal(await check.verify('bad-token', '203.0.113.9'), false);
  seen.length = 0;
  assert.equal(await check.verify(undefined, '203.0.113.9'), false);
  assert.equal(await check.verify('', '203.0.113.9'), false);
  assert.equal(await check.verify('x'.repeat(5000), '203.0.113.9'), false);
  assert.equal(seen.length, 0, 'no provider call for an absent or oversized token');
});

test('hCaptcha also sends the site key', async () => {
  const check = siteverifyHumanCheck({ provider: 'hcaptcha', secret: 'the-secret', siteKey: 'site-1', verifyUrl: `${base}/siteverify` });
  seen.length = 0;
  assert.equal(await check.verify('good-token', '198.51.100.7'), true);
  assert.equal(seen[0]!.get('sitekey'), 'site-1');
});

test('an unreachable or broken provider throws HumanCheckUnavailableError (answer 503, not "bot")', async () => {
  for (const path of ['/down', '/garbage']) {
    const check = siteverifyHumanCheck({ provider: 'turnstile', secret: 'the-secret', verifyUrl: `${base}${path}` });
    await assert.rejects(check.verify('good-token', '203.0.113.9'), HumanCheckUnavailableError);
  }
  const closed = siteverifyHumanCheck({ provider: 'turnstile', secret: 's', verifyUrl: 'http://127.0.0.1:1/siteverify', timeoutMs: 2000 });
  await assert.rejects(closed.verify('t', '203.0.113.9'), (e: unknown) => e instanceof HumanCheckUnavailableError && !String(e.message).includes('the-secret'));
});

test('createHumanCheck reads the secret from the environment and fails closed without it', async () => {
  const settings = { provider: 'turnstile' as const, siteKey: 'k', verifyUrl: `${base}/siteverify` };
  assert.throws(() => createHumanCheck(settings, {}), /set HUMAN_CHECK_SECRET/);
  assert.throws(() => createHumanCheck({ ...settings, secretEnv: 'TURNSTILE_SECRET' }, { HUMAN_CHECK_SECRET: 'x' }), /set TURNSTILE_SECRET/);
  const check = createHumanCheck(settings, { HUMAN_CHECK_SECRET: 'the-secret' });
  assert.equal(await check.verify('good-token', '203.0.113.9'), true);
});
