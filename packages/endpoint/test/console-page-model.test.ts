// The console's Team page model (console-src/views/page-model.ts), pure: the form's draft from a
// campaign, and back to only the fields that changed, amounts parsed exactly into minor units.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { changes, draftOf, PAGE_PRESETS, typed, type PageFields } from '../console-src/views/page-model.js';
import { strings } from '../console-src/strings.js';

const t = strings('en');
const team: PageFields = { id: 'team-river', title: 'River', currency: 'usd', goal: 900_000, impact: { 2700: { en: 'a week of food', es: 'una semana' }, 3000: { ko: '교통비' } } };

test('amounts go back into fields as people type them, in the currency\'s own digits', () => {
  assert.equal(typed(900_000, 'usd', 'en'), '9,000');
  assert.equal(typed(1_250_050, 'usd', 'en'), '12,500.50');
  assert.equal(typed(5_000_000, 'krw', 'ko'), '5,000,000');
});

test('the draft lists each amount the page offers, then the campaign\'s other amounts', () => {
  const d = draftOf(team, 'en');
  assert.deepEqual(d.impact.map((r) => [r.amount, r.en, r.ko, r.preset]), [
    ['9', '', '', true], ['27', 'a week of food', '', true], ['30', '', '교통비', false], ['45', '', '', true], ['90', '', '', true],
  ]);
  assert.deepEqual(PAGE_PRESETS, [900, 2700, 4500, 9000]);
  assert.deepEqual([d.title, d.description, d.goal, d.locale], ['River', '', '9,000', 'en']);
});

test('an untouched draft changes nothing; each edit sends only its field', () => {
  assert.deepEqual(changes(t, draftOf(team, 'en'), team, 'en'), { patch: {} });
  const d = draftOf(team, 'en');
  assert.deepEqual(changes(t, { ...d, title: ' River North ', goal: '12,500.50' }, team, 'en'), { patch: { title: 'River North', goal: 1_250_050 } });
  assert.deepEqual(changes(t, { ...d, locale: 'ko' }, team, 'en'), { patch: { locale: 'ko' } });
  assert.deepEqual(changes(t, { ...d, description: 'Bake sales.' }, team, 'en'), { patch: { description: 'Bake sales.' } });
});

test('goals are parsed like the cash form\'s amounts; a bad one names the goal', () => {
  const d = draftOf(team, 'en');
  assert.deepEqual(changes(t, { ...d, goal: '' }, team, 'en'), { field: 'goal', text: t.amountEmpty });
  assert.deepEqual(changes(t, { ...d, goal: '12.345' }, team, 'en'), { field: 'goal', text: t.amountTooPrecise(2) });
  assert.deepEqual(changes(t, { ...d, goal: '-5' }, team, 'en'), { field: 'goal', text: t.amountInvalid });
  assert.deepEqual(changes(t, { ...d, title: '  ' }, team, 'en'), { field: 'title', text: t.pageTitleEmpty });
});

test('impact lines: other languages are kept, an emptied line is dropped, one line per amount', () => {
  const d = draftOf(team, 'en');
  const rows = d.impact.map((r) => (r.amount === '27' ? { ...r, en: '', ko: '일주일 식비' } : r.amount === '30' ? { ...r, ko: '' } : r));
  assert.deepEqual(changes(t, { ...d, impact: rows }, team, 'en'), { patch: { impact: { 2700: { es: 'una semana', ko: '일주일 식비' } } } });
  const twice = [...d.impact, { ...d.impact[0]!, key: 999, amount: '9.00', en: 'again', preset: false }];
  assert.deepEqual(changes(t, { ...d, impact: twice }, team, 'en'), { field: 'impact-999', text: t.impactTwice });
});

test("the poster's lower third: drafted as typed, sent only when changed, prices parsed exactly, a bad row named", async () => {
  const { posterFieldOf } = await import('../console-src/views/poster-model.js');
  const withPoster: PageFields = { ...team, poster: { why: 'Freedom', prices: [{ item: 'Cupcake', amount: 250 }] } };
  const d = draftOf(withPoster, 'en');
  assert.deepEqual([d.poster.why, d.poster.date, d.poster.place, d.poster.prices.map((p) => [p.item, p.amount])], ['Freedom', '', '', [['Cupcake', '2.50']]]);
  assert.deepEqual(changes(t, d, withPoster, 'en'), { patch: {} }, 'untouched: nothing sent');
  const row = d.poster.prices[0]!;
  const edited = { ...d, poster: { ...d.poster, place: ' Main hall ', prices: [{ ...row, amount: '3' }, { key: 999, item: '', amount: '' }] } };
  assert.deepEqual(changes(t, edited, withPoster, 'en'), { patch: { poster: { why: 'Freedom', place: 'Main hall', prices: [{ item: 'Cupcake', amount: 300 }] } } });
  assert.deepEqual(changes(t, { ...d, poster: { why: '', date: '', place: '', prices: [] } }, withPoster, 'en'), { patch: { poster: {} } }, 'emptied: cleared');
  assert.deepEqual(changes(t, { ...d, poster: { ...d.poster, prices: [{ ...row, item: ' ' }] } }, withPoster, 'en'), { field: `price-${row.key}`, text: t.posterItemEmpty });
  assert.deepEqual(changes(t, { ...d, poster: { ...d.poster, prices: [{ ...row, amount: '2.505' }] } }, withPoster, 'en'), { field: `price-${row.key}-amount`, text: t.amountTooPrecise(2) });
  assert.deepEqual(['poster.why', 'poster.prices.2.amount', 'poster', 'title'].map(posterFieldOf), ['poster-why', 'poster-prices', 'poster-prices', undefined]);
  // Won has no minor unit: ₩2,500 is 2500.
  const won: PageFields = { id: 'seoul', title: '서울', currency: 'krw', goal: 9_000_000 };
  const wd = draftOf(won, 'ko');
  assert.deepEqual(changes(t, { ...wd, poster: { ...wd.poster, prices: [{ key: 1, item: '떡', amount: '2,500' }] } }, won, 'ko'), { patch: { poster: { prices: [{ item: '떡', amount: 2_500 }] } } });
});
