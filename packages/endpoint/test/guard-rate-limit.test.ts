import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlidingWindowLimiter, clientKeyForIp } from '../src/guard/rate-limit.js';
import { streamCapForFdLimit } from '../src/guard/stream-limits.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('30 creations per 10 minutes per IP: the 31st gets retry-after; another IP is unaffected', () => {
  const c = clock();
  const limiter = new SlidingWindowLimiter({ now: c.now });
  for (let i = 1; i <= 30; i++) {
    assert.deepEqual(limiter.hit('203.0.113.9'), { ok: true, remaining: 30 - i }, `hit ${i}`);
    c.advance(1000);
  }
  // First hit was 30 s ago: it leaves the window in 570 s.
  assert.deepEqual(limiter.hit('203.0.113.9'), { ok: false, retryAfterSeconds: 570 });
  assert.deepEqual(limiter.hit('198.51.100.7'), { ok: true, remaining: 29 });
  c.advance(569_000);
  assert.deepEqual(limiter.hit('203.0.113.9'), { ok: false, retryAfterSeconds: 1 });
  c.advance(1_000);
  assert.deepEqual(limiter.hit('203.0.113.9'), { ok: true, remaining: 0 }, 'exactly one slot freed');
  assert.equal(limiter.hit('203.0.113.9').ok, false);
});

test('refused attempts are not recorded, so retry-after is honest', () => {
  const c = clock();
  const limiter = new SlidingWindowLimiter({ max: 2, windowMs: 10_000, now: c.now });
  limiter.hit('a');
  limiter.hit('a');
  for (let i = 0; i < 50; i++) limiter.hit('a');
  c.advance(10_000);
  assert.equal(limiter.hit('a').ok, true);
});

test('memory is bounded: least recently seen clients are forgotten first', () => {
  const c = clock();
  const limiter = new SlidingWindowLimiter({ max: 1, windowMs: 60_000, maxKeys: 100, now: c.now });
  limiter.hit('keep');
  for (let i = 0; i < 1000; i++) {
    limiter.hit(`ip-${i}`);
    if (i % 10 === 0) limiter.hit('keep'); // refused but seen: stays recent
    assert.ok(limiter.size <= 100);
  }
  assert.equal(limiter.hit('keep').ok, false, 'an active client is not evicted');
  assert.equal(limiter.hit('ip-0').ok, true, 'an idle one was');
});

test('limiter options are validated', () => {
  assert.throws(() => new SlidingWindowLimiter({ max: 0 }), RangeError);
});

test('client keys: IPv4 as is, IPv6 by /64, IPv4-mapped IPv6 as IPv4', () => {
  assert.equal(clientKeyForIp('203.0.113.9'), '203.0.113.9');
  assert.equal(clientKeyForIp('::ffff:203.0.113.9'), '203.0.113.9');
  assert.equal(clientKeyForIp('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientKeyForIp('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
  assert.equal(clientKeyForIp('[2001:DB8::1]'), '2001:db8:0:0::/64');
  assert.equal(clientKeyForIp('fe80::1%eth0'), 'fe80:0:0:0::/64');
});

test('the server-wide stream cap leaves a reserve of file descriptors and keeps the budgeted 10,000 when the limit allows', () => {
  assert.equal(streamCapForFdLimit(1024), 1024 - 128);
  assert.equal(streamCapForFdLimit(11_000), 10_000, '10,000 streams still leave 1,000 descriptors');
  assert.equal(streamCapForFdLimit(65_536), 65_536 - 1024);
  assert.equal(streamCapForFdLimit(10_100), 10_100 - 1010, 'below the budget when only 256 would be left');
  assert.ok(streamCapForFdLimit(Infinity) > 1_000_000);
});
