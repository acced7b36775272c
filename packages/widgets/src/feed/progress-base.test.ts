import { expect } from '@open-wc/testing';
import { Progress } from '@rescuekit/schema';
import { GIVING_DAY_KEYS, parseProgress } from './progress.js';
import { demo } from '../test-support/fixtures.js';
import { match } from '../test-support/giving-day.js';

// This page loads neither the thermometer's giving-day module nor a giving element (shared.test.ts
// checks the package's parseProgress, with every field): the thermometer's own check, which reads no
// optional field until a module that reads one adds its rule.
describe('parseProgress as the thermometer alone has it', () => {
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

  it('checks and keeps a field once a module adds its rule, as the giving elements do', async () => {
    await import('../giving/giving-progress.js');
    expect(parseProgress({ ...demo, minAmount: 100 })).to.deep.equal({ ...demo, minAmount: 100 });
    expect(parseProgress({ ...demo, minAmount: 0 }), 'a malformed amount rule rejects the document, as zod does').to.equal(undefined);
  });
});
