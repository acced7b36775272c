import { expect, fixture, html } from '@open-wc/testing';
import { Progress } from '@rescuekit/schema';
import { defineElement } from './define.js';
import { resolveEndpoint, setDefaultEndpoint } from './endpoint.js';
import { addStrings, localize } from './locale.js';
import { parseProgress } from './progress.js';
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
    'alliesGoal not whole': { ...demo, alliesGoal: 2.5 },
    'alliesGoal a string': { ...demo, alliesGoal: '25000000' },
    'alliesGoal zero': { ...demo, alliesGoal: 0 },
    'alliesGoal negative': { ...demo, alliesGoal: -1 },
    'alliesGoal above 1e11': { ...demo, alliesGoal: 1e11 + 1 },
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
