import { expect } from '@open-wc/testing';
import { Progress } from '@rescuekit/schema';
import { GIVING_DAY_KEYS, parseProgress } from './progress.js';
import { demo } from '../test-support/fixtures.js';
import { match } from '../test-support/giving-day.js';

// This page never loads the thermometer's giving-day module (shared.test.ts does, first): the base contract only.
describe('parseProgress without the giving-day module', () => {
  const givingDay = { match, matched: 120_000, matchLeft: 380_000, endsAt: '2026-12-03T18:00:00-05:00' };

  it('drops the giving-day fields, valid or not, and keeps the rest as zod does', () => {
    const valid = { ...demo, minAmount: 100, ...givingDay };
    expect(Progress.safeParse(valid).data, 'zod keeps them').to.include({ matched: 120_000 });
    const base = parseProgress(valid);
    expect(base).to.deep.equal({ ...demo, minAmount: 100 });
    for (const key of GIVING_DAY_KEYS) expect(base, key).not.to.have.property(key);
    // Malformed: never passed on unchecked, and (no check to fail) not a reason to reject the base document either.
    const malformed = { ...demo, match: { ...match, ratio: -1 }, matched: '5000', matchLeft: 12.5, endsAt: 'tomorrow' };
    expect(Progress.safeParse(malformed).success, 'zod rejects it').to.equal(false);
    expect(parseProgress(malformed)).to.deep.equal(demo);
  });

  it('still checks the base contract', () => {
    expect(parseProgress({ ...demo, ...givingDay, raised: 12.5 })).to.equal(undefined);
    expect(parseProgress({ ...demo, minAmount: 0 })).to.equal(undefined);
  });
});
