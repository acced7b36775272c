import { expect, fixture, html } from '@open-wc/testing';
import { Progress } from '@rescuekit/schema';
import { defineElement } from './define.js';
import { resolveEndpoint, setDefaultEndpoint } from './endpoint.js';
import { addStrings, localize } from '../i18n/locale.js';
// The package's parseProgress: every optional field the contract has, checked (the agreement below needs them).
import { parseProgress } from '../parse-progress.js';
import '../define/rescue-thermometer.js';
import { RescueThermometer, defineRescueThermometer } from '../index.js';
import { demo } from '../test-support/fixtures.js';

describe('endpoint resolution', () => {
  const pageMeta = document.querySelector('meta[name="rescuekit:endpoint"]');
  afterEach(() => {
    setDefaultEndpoint(undefined);
    document.querySelectorAll('meta[data-test]').forEach((m) => m.remove());
    if (pageMeta) document.head.append(pageMeta);
  });

  it('attribute, then setDefaultEndpoint(), then the meta tag, then same origin', () => {
    pageMeta?.remove();
    const el = document.createElement('div');
    expect(resolveEndpoint(el)).to.equal('');
    document.head.insertAdjacentHTML('beforeend', '<meta data-test name="rescuekit:endpoint" content="https://meta.example/">');
    expect(resolveEndpoint(el)).to.equal('https://meta.example');
    setDefaultEndpoint('https://default.example');
    expect(resolveEndpoint(el)).to.equal('https://default.example');
    expect(resolveEndpoint(el, 'https://attr.example//')).to.equal('https://attr.example');
  });
});

describe('locale resolution', () => {
  it('uses the nearest lang, en by default, and survives a bad tag', async () => {
    const root = await fixture(
      html`<div><section lang="ko-KR"><p id="ko"></p></section><p id="none"></p><p id="bad" lang="not a tag!"></p><p id="he" lang="he"></p><p id="gb" lang="en-GB"></p></div>`,
    );
    const [ko, none, bad, he, gb] = ['#ko', '#none', '#bad', '#he', '#gb'].map((s) => root.querySelector(s)!);
    const tables = { en: { hi: 'hello' }, ko: { hi: '안녕하세요' } };
    const at = (el: Element) => {
      const [locale, words] = localize(el, 'test-element', tables);
      return [locale, words.hi];
    };
    expect(at(ko!)).to.deep.equal(['ko-KR', '안녕하세요']);
    expect(at(he!), 'no Hebrew words: English words and English money, never a mix').to.deep.equal(['en', 'hello']);
    expect(at(gb!)).to.deep.equal(['en-GB', 'hello']);
    expect(at(none!)).to.deep.equal(['en', 'hello']); // the test page is lang="en"
    expect(at(bad!)).to.deep.equal(['en', 'hello']);
  });

  it('a table missing keys (written before they existed) gets the English word per key', async () => {
    const el = await fixture(html`<p lang="fr"></p>`);
    const tables = { en: { hi: 'hello', bye: 'goodbye', ask: (m: string) => `Could you give ${m}?` } };
    addStrings('fr', { 'old-element': { hi: 'bonjour' } });
    const [locale, words] = localize(el, 'old-element', tables);
    expect([locale, words.hi, words.bye, words.ask('$9')]).to.deep.equal(['fr', 'bonjour', 'goodbye', 'Could you give $9?']);
    expect(tables.en.hi, 'the English table is left as it was').to.equal('hello');
  });
});

describe('parseProgress agrees with the zod Progress contract', () => {
  const match = { ratio: 1, cap: 500_000, startsAt: '2026-12-03T09:00:00-05:00', endsAt: '2026-12-03T18:00:00-05:00', label: 'the Kim Family Foundation' };
  const cases: Record<string, unknown> = {
    valid: demo,
    'extra fields dropped': { ...demo, donorName: 'Kim Secret' },
    'negative integers': { ...demo, raised: -100 },
    'missing field': (({ donors: _, ...rest }) => rest)(demo),
    'float amount': { ...demo, raised: 12.5 },
    'string amount': { ...demo, raised: '1200' },
    'unsafe integer': { ...demo, goal: 2 ** 53 },
    NaN: { ...demo, goal: Number.NaN },
    'upper-case currency': { ...demo, currency: 'USD' },
    'bad campaign slug': { ...demo, campaign: 'The Hundred' },
    'title not a string': { ...demo, title: 7 },
    'amount rules': { ...demo, minAmount: 100, maxAmount: 900_000 },
    'minAmount zero': { ...demo, minAmount: 0 },
    'maxAmount not whole': { ...demo, maxAmount: 12.5 },
    'minAmount a string': { ...demo, minAmount: '100' },
    'maxAmount above 1e11': { ...demo, maxAmount: 1e11 + 1 },
    'Allies goal': { ...demo, alliesGoal: 25_000_000 },
    'manage-my-giving link': { ...demo, manageGivingUrl: 'https://give.example/manage' },
    'monthly upsell and impact lines': { ...demo, upsell: { monthly: true, divisor: 3, floor: 900, amounts: [900, 2700] }, impact: { '2700': { en: 'feeds a family in hiding for a week', ko: '숨어 지내는 가족의 일주일 식비' } } },
    'alliesGoal not whole': { ...demo, alliesGoal: 2.5 },
    'alliesGoal a string': { ...demo, alliesGoal: '25000000' },
    'alliesGoal zero': { ...demo, alliesGoal: 0 },
    'alliesGoal negative': { ...demo, alliesGoal: -1 },
    'alliesGoal above 1e11': { ...demo, alliesGoal: 1e11 + 1 },
    'Allies at risk': { ...demo, alliesAtRisk: 3 },
    'alliesAtRisk a string': { ...demo, alliesAtRisk: '3' },
    'alliesAtRisk not whole': { ...demo, alliesAtRisk: 1.5 },
    'giving day: match, matched, matchLeft, endsAt': { ...demo, match, matched: 120_000, matchLeft: 380_000, endsAt: '2026-12-03T18:00:00-05:00' },
    'matched without match': { ...demo, matched: 5_000 },
    'matched negative (a whole number, as the contract allows)': { ...demo, matched: -5 },
    'matched not whole': { ...demo, matched: 12.5 },
    'matched a string': { ...demo, matched: '5000' },
    'matchLeft unsafe': { ...demo, matchLeft: 2 ** 53 },
    'matchLeft null': { ...demo, matchLeft: null },
    'endsAt Z with milliseconds': { ...demo, endsAt: '2026-12-03T23:00:00.250Z' },
    'endsAt without seconds': { ...demo, endsAt: '2026-12-03T23:00+09:00' },
    'endsAt without an offset': { ...demo, endsAt: '2026-12-03T18:00:00' },
    'endsAt not a real date': { ...demo, endsAt: '2026-02-30T18:00:00Z' },
    'endsAt hour 24': { ...demo, endsAt: '2026-12-03T24:00:00Z' },
    'endsAt a number': { ...demo, endsAt: 1_796_000_000_000 },
    'match ratio 0.5': { ...demo, match: { ...match, ratio: 0.5 } },
    'match ratio 10': { ...demo, match: { ...match, ratio: 10 } },
    'match ratio above 10': { ...demo, match: { ...match, ratio: 10.01 } },
    'match ratio three decimals': { ...demo, match: { ...match, ratio: 1.125 } },
    'match ratio zero': { ...demo, match: { ...match, ratio: 0 } },
    'match ratio negative': { ...demo, match: { ...match, ratio: -1 } },
    'match ratio a string': { ...demo, match: { ...match, ratio: '1' } },
    'match cap zero': { ...demo, match: { ...match, cap: 0 } },
    'match cap not whole': { ...demo, match: { ...match, cap: 10.5 } },
    'match cap above 1e11': { ...demo, match: { ...match, cap: 1e11 + 1 } },
    'match label empty': { ...demo, match: { ...match, label: '' } },
    'match label 120 characters': { ...demo, match: { ...match, label: 'x'.repeat(120) } },
    'match label 121 characters': { ...demo, match: { ...match, label: 'x'.repeat(121) } },
    'match window backwards': { ...demo, match: { ...match, startsAt: match.endsAt, endsAt: match.startsAt } },
    'match window empty': { ...demo, match: { ...match, endsAt: match.startsAt } },
    'match window across offsets (09:00+09:00 is before 20:00-05:00 the day before)': { ...demo, match: { ...match, startsAt: '2026-12-03T09:00:00+09:00', endsAt: '2026-12-02T20:00:00-05:00' } },
    'match window backwards across offsets': { ...demo, match: { ...match, startsAt: '2026-12-03T02:00:00+01:00', endsAt: '2026-12-02T20:00:00-05:00' } },
    'match start not a real date': { ...demo, match: { ...match, startsAt: '2026-13-01T00:00:00Z' } },
    'match with an unknown field (strict)': { ...demo, match: { ...match, donorName: 'Kim Secret' } },
    'match missing its label': { ...demo, match: (({ label: _, ...rest }) => rest)(match) },
    'match null': { ...demo, match: null },
    'match an array': { ...demo, match: [match] },
    'match a number': { ...demo, match: 1 },
    'match a five-letter string': { ...demo, match: 'ratio' },
    null: null,
    array: [demo],
    string: JSON.stringify(demo),
  };
  for (const [name, input] of Object.entries(cases)) {
    it(name, () => {
      const zod = Progress.safeParse(input);
      expect(parseProgress(input)).to.deep.equal(zod.success ? zod.data : undefined);
    });
  }
  it('(the giving-day cases reach both outcomes)', () => {
    const ok = parseProgress(cases['giving day: match, matched, matchLeft, endsAt']);
    expect(ok).to.include({ matched: 120_000, matchLeft: 380_000, endsAt: '2026-12-03T18:00:00-05:00' });
    expect(ok!.match).to.deep.equal(match);
    for (const bad of ['match window backwards across offsets', 'match with an unknown field (strict)', 'endsAt not a real date', 'match ratio three decimals'])
      expect(parseProgress(cases[bad]), bad).to.equal(undefined);
  });
});

describe('defining elements', () => {
  it('skips a taken name and registers a scoped one', () => {
    expect(customElements.get('rescue-thermometer')).to.exist; // by the define entry, via another test or below
    expect(() => defineRescueThermometer()).not.to.throw();
    const scoped = defineRescueThermometer('team-thermometer');
    expect(customElements.get('team-thermometer')).to.equal(scoped);
    expect(new scoped()).to.be.instanceOf(RescueThermometer);
    expect(defineRescueThermometer('team-thermometer')).to.equal(scoped);
    class Other extends HTMLElement {}
    expect(defineElement('team-thermometer', Other)).to.equal(scoped);
  });
});

describe('test seams', () => {
  it('live in @rescuekit/widgets/test-support; the main entry keeps deprecated re-exports of the same functions until 0.3', async () => {
    const main = await import('../index.js');
    const seams = await import('../test-support.js');
    expect(seams.setStripeLoader).to.be.a('function');
    expect(seams.setNavigate).to.be.a('function');
    expect(main.setStripeLoader).to.equal(seams.setStripeLoader);
    expect(main.setNavigate).to.equal(seams.setNavigate);
  });
});
