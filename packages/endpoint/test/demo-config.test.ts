// `npm start` serves the example config with a giving day that is on at the moment it starts.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { RescuekitConfig, inMatchWindow } from '@rescuekit/schema';
// @ts-expect-error a plain .mjs script without types
import { demoConfig } from '../../../scripts/demo-config.mjs';

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
