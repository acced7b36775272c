// Languages: `lang` on an element, any ancestor or <html> is followed live through one shared
// observer, and a site adds a language with the public, typed registerStrings.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { registerStrings, type DonateButtonStrings, type RescueThermometer, type ThermometerStrings } from '../index.js';
import '../define/rescue-thermometer.js';
import '../define/nine-lives-picker.js';
import '../define/monthly-ally-signup.js';
import '../define/rescue-donate-button.js';
import { demo, partText } from '../test-support/fixtures.js';

// Every `observe()` call on the page, to count the observers watching `lang`.
const observed: { target: Node; options?: MutationObserverInit }[] = [];
const observe = MutationObserver.prototype.observe;
MutationObserver.prototype.observe = function (target: Node, options?: MutationObserverInit) {
  observed.push({ target, options });
  return observe.call(this, target, options);
};

/** The observer's callback runs as a microtask after the change, then the elements update. */
const settled = () => new Promise((r) => setTimeout(r));

const ja: ThermometerStrings = {
  loading: '読み込み中…',
  error: '進捗を読み込めませんでした。',
  retry: '再試行',
  first: '最初の寄付者になってください！',
  goal: '目標達成！ありがとうございます。',
  raised: (raised, goal) => `${goal} のうち ${raised} が集まりました`,
  rescues: (_n, count) => `${count} 人の救出資金`,
  firstRescue: (raised, cost) => `最初の救出まで ${cost} のうち ${raised}`,
  donors: (_n, count) => `寄付者 ${count} 人`,
  goalMark: (goal) => `目標 ${goal}`,
  valueText: (raised, goal, _n, count) => `${goal} のうち ${raised}、${count} 人の救出資金`,
  valueMatched: (raised, matched, goal, _n, count) => `目標 ${goal} のうち ${raised}、マッチング ${matched}、${count} 人の救出資金`,
  matched: (matched, label) => (label ? `${label} のマッチング ${matched}` : `マッチング ${matched}`),
  matchLeft: (left) => `マッチング残り ${left}`,
  left: (time) => `残り ${time}`,
  ended: '終了',
};

const es: DonateButtonStrings = {
  give: (amount, monthly) => (!amount ? 'Donar' : monthly ? `Donar ${amount} al mes` : `Donar ${amount}`),
  amountProblem: (p, min, max) => (p == 'too-small' ? `El donativo mínimo es ${min}.` : p == 'too-large' ? `El donativo máximo en línea es ${max}.` : 'Revisa el importe.'),
  loading: 'Abriendo el pago seguro…',
  rateLimited: (s, count) => (s ? `Demasiados intentos. Vuelve a intentarlo en ${count} segundos.` : 'Demasiados intentos. Vuelve a intentarlo en un minuto.'),
  notConfigured: 'Las donaciones en línea no están configuradas en este sitio.',
  invalid: () => 'Revisa tu donativo.',
  error: 'No se pudo abrir el pago. Vuelve a intentarlo.',
  fallback: 'Ahora no podemos iniciar el pago. Puedes donar directamente a través de Stripe:',
  fallbackLink: 'Donar a través de Stripe',
  thanks: '¡Gracias por tu donativo! Stripe te enviará el recibo.',
  dialog: 'Pago seguro',
  close: 'Cerrar el pago',
  upsellAsk: (m) => `¿Podrías donar ${m} al mes en su lugar?`,
  upsellYes: (m) => `Sí, donar ${m} al mes`,
  upsellNo: (o) => `No, donar ${o} una vez`,
};

/** Type checks only (`npm run typecheck`), never called: a table must have every key of the element's English table. */
export function typeChecks(): void {
  const { valueText: _, ...withoutValueText } = ja;
  // @ts-expect-error `valueText` is missing: a missing string is a type error, not an English word in Japanese text.
  registerStrings('ja', { 'rescue-thermometer': withoutValueText });
  // @ts-expect-error the donate button's table includes every checkout word too.
  registerStrings('es', { 'rescue-donate-button': { give: es.give } });
  // @ts-expect-error no such element.
  registerStrings('es', { 'rescue-leaderboard': {} });
  // A complete table is fine, for one element or several.
  registerStrings('ja', { 'rescue-thermometer': ja });
}

describe('languages', () => {
  afterEach(() => {
    document.documentElement.lang = 'en';
  });

  it('lang on an ancestor, the element itself and <html> re-renders every element at once, through one shared observer', async () => {
    const section = await fixture(html`<section>
      <rescue-thermometer .progress=${demo}></rescue-thermometer>
      <nine-lives-picker campaign="the-hundred" endpoint="data:text/plain,"></nine-lives-picker>
      <monthly-ally-signup campaign="the-hundred" endpoint="data:text/plain,"></monthly-ally-signup>
      <rescue-donate-button campaign="the-hundred" endpoint="data:text/plain," amount="900"></rescue-donate-button>
    </section>`);
    const [thermometer, picker, signup, button] = [...section.children] as HTMLElement[];
    const words = () => [partText(thermometer!, 'rescues'), partText(picker!, 'give'), signup!.shadowRoot!.querySelector('h2')!.textContent, partText(button!, 'give')];
    expect(words()).to.deep.equal(['1 rescue funded', 'Give $9', 'Become an Ally', 'Give $9']);
    section.setAttribute('lang', 'ko');
    await settled();
    // The thermometer's Korean words are a module of their own: its update waits for them.
    await (thermometer as RescueThermometer).updateComplete;
    expect(words()).to.deep.equal(['1명 구출 비용 마련', 'US$9 후원하기', '정기 후원자(Ally)가 되어 주세요', 'US$9 후원하기']);
    button!.lang = 'en';
    await settled();
    expect(words()[3]).to.equal('Give $9');
    section.removeAttribute('lang');
    document.documentElement.lang = 'ko';
    await settled();
    expect(words()).to.deep.equal(['1명 구출 비용 마련', 'US$9 후원하기', '정기 후원자(Ally)가 되어 주세요', 'Give $9']);
    document.documentElement.lang = 'en';
    await settled();
    expect(words()[0]).to.equal('1 rescue funded');
    const langObservers = observed.filter((o) => o.options?.attributeFilter?.includes('lang'));
    expect(langObservers.map((o) => o.target)).to.deep.equal([document]);
    await expect(picker!).to.be.accessible();
  });

  it('an element moved under another lang speaks it', async () => {
    const wrap = await fixture(html`<div><div lang="ko" id="ko"></div><rescue-donate-button amount="900" endpoint="data:text/plain," campaign="x"></rescue-donate-button></div>`);
    const button = wrap.querySelector('rescue-donate-button')!;
    expect(partText(button, 'give')).to.equal('Give $9');
    wrap.querySelector('#ko')!.append(button);
    await settled();
    expect(partText(button, 'give')).to.equal('US$9 후원하기');
  });

  it('registerStrings adds Japanese and Spanish: elements already on the page switch at once; others keep English words and money', async () => {
    const wrap = await fixture(html`<div>
      <div lang="ja"><rescue-thermometer .progress=${demo}></rescue-thermometer><nine-lives-picker endpoint="data:text/plain," campaign="x"></nine-lives-picker></div>
      <div lang="es-MX"><rescue-donate-button amount="2750" endpoint="data:text/plain," campaign="x"></rescue-donate-button></div>
    </div>`);
    const thermometer = wrap.querySelector('rescue-thermometer')!;
    const picker = wrap.querySelector('nine-lives-picker')!;
    const button = wrap.querySelector('rescue-donate-button')!;
    expect(partText(thermometer, 'rescues')).to.equal('1 rescue funded');
    expect(partText(button, 'give')).to.equal('Give $27.50');
    registerStrings('ja', { 'rescue-thermometer': ja });
    registerStrings('es', { 'rescue-donate-button': es });
    await settled();
    expect(partText(thermometer, 'value')).to.equal('46% $9,000 のうち $4,200 が集まりました');
    expect(partText(thermometer, 'rescues')).to.equal('1 人の救出資金');
    expect(partText(thermometer, 'donors')).to.equal('寄付者 12 人');
    // es-MX money with Spanish words (the table is registered for the language).
    const money = new Intl.NumberFormat('es-MX', { style: 'currency', currency: 'USD' }).format(27.5).replace(/\s+/g, ' ');
    expect(partText(button, 'give')).to.equal(`Donar ${money}`);
    // No Japanese table for the picker: English words, English money, never a mix.
    expect(partText(picker, 'give')).to.equal('Give $9');
    await expect(thermometer).to.be.accessible();
    await expect(button).to.be.accessible();
    // A later element picks the table up too.
    const late = await fixture(html`<rescue-thermometer lang="ja" .progress=${demo}></rescue-thermometer>`);
    await waitUntil(() => partText(late, 'donors') == '寄付者 12 人');
  });
});
