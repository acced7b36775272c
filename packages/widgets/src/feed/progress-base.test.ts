import { expect } from '@open-wc/testing';
import { Progress } from '@rescuekit/schema';
import { parseProgress } from './progress.js';
import { GIVING_DAY_KEYS } from '../rescue-thermometer/lazy-parts.js';
import { demo } from '../test-support/fixtures.js';
import { match } from '../test-support/giving-day.js';

// The thermometer's first check, which names no optional field (shared.test.ts checks the package's
// parseProgress, with every field).
describe('parseProgress as the thermometer has it before its giving day', () => {
  const givingDay = { match, matched: 120_000, matchLeft: 380_000, endsAt: '2026-12-03T18:00:00-05:00' };
  const giving = { minAmount: 100, maxAmount: 900_000, alliesGoal: 25_000_000, manageGivingUrl: 'https://give.example/manage' };

  it('drops the giving-day fields, valid or not, and keeps the rest as zod does', () => {
    const valid = { ...demo, ...givingDay };
    expect(Progress.safeParse(valid).data, 'zod keeps them').to.include({ matched: 120_000 });
    const base = parseProgress(valid);
    expect(base).to.deep.equal(demo);
    for (const key of GIVING_DAY_KEYS) expect(base, key).not.to.have.property(key);
    // Malformed: never passed on unchecked, and (no check to fail) not a reason to reject the base document either.
    const malformed = { ...demo, match: { ...match, ratio: -1 }, matched: '5000', matchLeft: 12.5, endsAt: 'tomorrow' };
    expect(Progress.safeParse(malformed).success, 'zod rejects it').to.equal(false);
    expect(parseProgress(malformed)).to.deep.equal(demo);
  });

  it('drops the giving elements’ fields (amount rules, Allies goal, manage link), valid or not', () => {
    expect(Progress.safeParse({ ...demo, ...giving }).data, 'zod keeps them').to.include(giving);
    expect(parseProgress({ ...demo, ...giving })).to.deep.equal(demo);
    const malformed = { ...demo, minAmount: 0, maxAmount: 12.5, alliesGoal: '25000000', manageGivingUrl: 'javascript:alert(1)' };
    expect(Progress.safeParse(malformed).success, 'zod rejects it').to.equal(false);
    expect(parseProgress(malformed)).to.deep.equal(demo);
  });

  it('still checks the base contract', () => {
    expect(parseProgress({ ...demo, ...givingDay, ...giving, raised: 12.5 })).to.equal(undefined);
    expect(parseProgress({ ...demo, title: 7 })).to.equal(undefined);
  });

  it('keeps what it names whatever else is loaded: the giving elements and the giving day change nothing', async () => {
    const [{ parseGivingProgress }, { parseGivingDay }] = await Promise.all([import('../giving/giving-progress.js'), import('../rescue-thermometer/giving-day.js')]);
    const full = { ...demo, ...givingDay, minAmount: 100 };
    expect(parseProgress(full), 'the first check still reads no optional field').to.deep.equal(demo);
    expect(parseGivingProgress(full), 'the giving elements name the amount rules, not the giving day').to.deep.equal({ ...demo, minAmount: 100 });
    expect(parseGivingDay(full), 'the giving day names its four fields, not the amount rules').to.deep.equal({ ...demo, ...givingDay });
    expect(parseGivingProgress({ ...demo, minAmount: 0 }), 'a malformed amount rule rejects the document, as zod does').to.equal(undefined);
    expect(parseGivingDay({ ...demo, endsAt: '2026-02-30T10:00:00Z' }), 'so does a malformed deadline').to.equal(undefined);
  });
});
