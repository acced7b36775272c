import { expect } from '@open-wc/testing';
import { countdown } from './countdown.js';
import { en } from './giving-day.strings.js';
import { ko } from './ko.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const deadline = Date.parse('2026-12-03T18:00:00-05:00');
/** The text `ms` before the deadline. */
const before = (ms: number, locale = 'en', t = en) => countdown(deadline, deadline - ms, locale, t);

describe('countdown', () => {
  it('days and hours, then hours and minutes under a day, then minutes under an hour, then Ended', () => {
    expect(before(3 * DAY + 4 * HOUR)[0]).to.equal('3 days 4 hours left');
    expect(before(3 * DAY + 4 * HOUR + 59 * MIN)[0], 'the day tier leaves minutes out').to.equal('3 days 4 hours left');
    expect(before(5 * HOUR + 12 * MIN)[0]).to.equal('5 hours 12 minutes left');
    expect(before(12 * MIN)[0]).to.equal('12 minutes left');
    expect(before(2 * DAY + 1 * HOUR)[0]).to.equal('2 days 1 hour left');
    expect(before(0)[0]).to.equal('Ended');
    expect(before(-5 * DAY)[0]).to.equal('Ended');
  });

  it('at the boundaries: exactly 24 hours, exactly an hour, 59 s, a part of a minute', () => {
    expect(before(DAY)[0], 'exactly a day: the zero hours are left out').to.equal('1 day left');
    expect(before(DAY - MIN)[0]).to.equal('23 hours 59 minutes left');
    expect(before(DAY + 1)[0], 'minutes round up').to.equal('1 day left');
    expect(before(HOUR)[0]).to.equal('1 hour left');
    expect(before(HOUR - 1)[0]).to.equal('1 hour left');
    expect(before(HOUR - MIN)[0]).to.equal('59 minutes left');
    expect(before(59_000)[0], 'never "0 minutes" while open').to.equal('1 minute left');
    expect(before(1)[0]).to.equal('1 minute left');
    expect(before(-1)[0]).to.equal('Ended');
  });

  it('milestone stages change exactly at 24 hours, 1 hour, 10 minutes and the end', () => {
    const stage = (ms: number) => before(ms)[1];
    expect([DAY + MIN, DAY, HOUR + MIN, HOUR, 10 * MIN + MIN, 10 * MIN, 1, 0].map(stage)).to.deep.equal([0, 1, 1, 2, 2, 3, 3, 4]);
  });

  it('waits until the text next changes: at most a minute, aligned to the deadline, none once ended', () => {
    expect(before(12 * MIN)[2]).to.equal(MIN);
    expect(before(12 * MIN + 1)[2], 'changes when 12 minutes are left').to.equal(1);
    expect(before(12 * MIN - 20_000)[2]).to.equal(40_000);
    expect(before(3 * DAY)[2]).to.equal(MIN);
    expect(before(0)[2]).to.equal(0);
    expect(before(-MIN)[2]).to.equal(0);
  });

  it('Korean words and units', () => {
    expect(before(3 * DAY + 4 * HOUR, 'ko', ko)[0]).to.equal('3일 4시간 남음');
    expect(before(5 * HOUR + 12 * MIN, 'ko-KR', ko)[0]).to.equal('5시간 12분 남음');
    expect(before(12 * MIN, 'ko', ko)[0]).to.equal('12분 남음');
    expect(before(0, 'ko', ko)[0]).to.equal('마감');
  });

  it("numbers and units follow the locale's own rules", () => {
    expect(before(1 * DAY + 1 * HOUR, 'en-GB')[0]).to.equal('1 day 1 hour left');
    expect(before(1500 * DAY)[0], 'grouped').to.equal('1,500 days left');
    expect(before(1500 * DAY, 'de', en)[0]).to.equal('1.500 Tage left');
  });

  it('the same instant written in any offset gives the same words: elapsed time, not clock time', () => {
    const now = Date.parse('2026-12-01T12:00:00Z');
    const texts = ['2026-12-03T18:00:00-05:00', '2026-12-03T23:00:00Z', '2026-12-04T08:00:00+09:00', '2026-12-04T12:00:00+13:00'].map(
      (endsAt) => countdown(Date.parse(endsAt), now, 'en', en)[0],
    );
    expect(texts).to.deep.equal(Array(4).fill('2 days 11 hours left'));
  });

  it('across a daylight-saving change a day is 24 hours, whatever the clocks say', () => {
    // New York springs forward on 2026-03-08: from 12:00 EST on the 7th to 12:00 EDT on the 8th is 23 hours.
    expect(countdown(Date.parse('2026-03-08T12:00:00-04:00'), Date.parse('2026-03-07T12:00:00-05:00'), 'en', en)[0]).to.equal('23 hours left');
    // And falls back on 2026-11-01: noon to noon is 25 hours.
    expect(countdown(Date.parse('2026-11-01T12:00:00-05:00'), Date.parse('2026-10-31T12:00:00-04:00'), 'en', en)[0]).to.equal('1 day 1 hour left');
  });
});
