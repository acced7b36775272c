// The countdown's words in every time zone the machine's clock may be set to: the same, because
// only elapsed time is counted (packages/widgets/src/rescue-thermometer/countdown.test.ts covers
// the words themselves in Chromium). Node honours a change of process.env.TZ at once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { countdown } from '../src/rescue-thermometer/countdown.js';
import { en } from '../src/rescue-thermometer/giving-day.strings.js';
import { ko } from '../src/rescue-thermometer/ko.js';

const zones = ['UTC', 'America/New_York', 'Asia/Seoul', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'America/St_Johns'];
const original = process.env.TZ;
after(() => {
  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
});

/** Around New York's spring-forward and fall-back, and an ordinary day. */
const cases: [endsAt: string, now: string][] = [
  ['2026-03-08T12:00:00-04:00', '2026-03-07T12:00:00-05:00'],
  ['2026-11-01T12:00:00-05:00', '2026-10-31T12:00:00-04:00'],
  ['2026-12-03T18:00:00-05:00', '2026-12-03T12:47:30Z'],
  ['2026-12-03T18:00:00-05:00', '2026-12-03T22:59:01Z'],
];

test('the remaining time reads the same in every time zone, English and Korean', () => {
  const seen = zones.map((zone) => {
    process.env.TZ = zone;
    assert.equal(Intl.DateTimeFormat().resolvedOptions().timeZone, zone === 'UTC' ? 'UTC' : zone, `the zone took effect: ${zone}`);
    return cases.flatMap(([endsAt, now]) => [
      countdown(Date.parse(endsAt), Date.parse(now), 'en', en),
      countdown(Date.parse(endsAt), Date.parse(now), 'ko', ko),
    ]);
  });
  assert.deepEqual(seen[0]!.map((c) => c[0]), ['23 hours left', '23시간 남음', '1 day 1 hour left', '1일 1시간 남음', '10 hours 13 minutes left', '10시간 13분 남음', '1 minute left', '1분 남음']);
  for (const [k, zone] of zones.entries()) assert.deepEqual(seen[k], seen[0], zone);
});
