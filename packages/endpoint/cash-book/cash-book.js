// @ts-check
/**
 * A Rescue Team lead's cash book, served by the endpoint at /cash-book/ (same origin as /v1,
 * under a strict CSP: no inline script or style). The team key is kept in sessionStorage only.
 * Every gift entry gets its own Idempotency-Key, reused for retries of that entry, so a double
 * click or a retry on a flaky phone counts once.
 */

import { STRINGS } from './strings.js';

const lang = /^ko\b/i.test(new URLSearchParams(location.search).get('lang') ?? navigator.language) ? 'ko' : 'en';
const t = STRINGS[lang];
document.documentElement.lang = lang;
const STORE_KEY = 'rescuekit:cash-book';

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));

/** @type {{ campaign: string, key: string } | null} */
let session = null;
/** @type {{ currency: string, digits: number, title: string } | null} */
let info = null;
/** The Idempotency-Key of the entry in the form: kept until that entry is recorded. */
let entryKey = crypto.randomUUID();

const money = (/** @type {number} */ minor) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: info?.currency ?? 'usd' }).format(minor / 10 ** (info?.digits ?? 2));

function say(/** @type {string} */ text) {
  $('error').hidden = true;
  $('status').textContent = text;
}

function fail(/** @type {string} */ text, /** @type {string | undefined} */ field) {
  $('status').textContent = '';
  $('error').textContent = text;
  $('error').hidden = false;
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  if (field) {
    const el = document.getElementById(field);
    el?.setAttribute('aria-invalid', 'true');
    el?.focus();
  }
}

/** Calls the endpoint with the team key; a problem+json answer becomes an Error carrying its detail. */
async function api(/** @type {string} */ path, /** @type {RequestInit} */ init = {}) {
  if (!session) throw new Error(t.needKey);
  let res;
  try {
    res = await fetch(`/v1/campaigns/${encodeURIComponent(session.campaign)}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${session.key}`, ...(init.headers ?? {}) },
    });
  } catch {
    throw new Error(t.offline);
  }
  if (res.ok) return res;
  const problem = await res.json().catch(() => ({}));
  throw Object.assign(new Error(problem.detail ?? problem.title ?? `${t.failed} (HTTP ${res.status})`), { field: problem.field, status: res.status });
}

/** Minor units from a typed amount ("1,234.50"), or undefined when it is not one. */
function parseAmount(/** @type {string} */ text) {
  const digits = info?.digits ?? 2;
  const clean = text.replace(/[\s,]/g, '');
  const m = new RegExp(`^(\\d{1,12})(?:\\.(\\d{0,${digits}}))?$`).exec(clean);
  if (!m || (digits === 0 && clean.includes('.'))) return undefined;
  const minor = Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || 0);
  return minor > 0 ? minor : undefined;
}

async function open() {
  if (!session) return;
  say(t.opening);
  const progress = await (await fetch(`/v1/campaigns/${encodeURIComponent(session.campaign)}`)).json().catch(() => null);
  if (!progress?.currency) throw Object.assign(new Error(progress?.detail ?? t.failed), { field: 'campaign' });
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency: progress.currency }).resolvedOptions().maximumFractionDigits ?? 2;
  info = { currency: progress.currency, digits, title: progress.title };
  await loadGifts();
  showTotals(progress);
  $('book-h').textContent = progress.title;
  $('amount-hint').textContent = t.amountHint(progress.currency.toUpperCase());
  $('unlock').hidden = true;
  $('book').hidden = false;
  $('book-h').focus(); // the form that had focus is gone: land on what replaced it
  say(t.opened);
}

function showTotals(/** @type {{ raised: number, goal: number, pending?: number }} */ p) {
  $('totals').textContent = `${t.totals(money(p.raised), money(p.goal))}${p.pending ? ` ${t.pendingNote(money(p.pending))}` : ''}`;
}

/** @typedef {{ id: string, amount: number, donors: number | null, note: string | null, status: string, createdAt: string, voided: boolean }} Gift */

async function loadGifts() {
  const { gifts } = /** @type {{ gifts: Gift[] }} */ (await (await api('/offline-gifts')).json());
  const body = /** @type {HTMLTableSectionElement} */ (document.querySelector('#gifts tbody'));
  body.replaceChildren(...gifts.slice().reverse().map(row));
  $('empty').hidden = gifts.length > 0;
  /** @type {HTMLElement} */ (document.querySelector('.scroll')).hidden = gifts.length === 0;
}

function row(/** @type {Gift} */ g) {
  const tr = document.createElement('tr');
  if (g.voided) tr.className = 'voided';
  const cell = (/** @type {string} */ text, cls = '') => {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.append(td);
  };
  cell(new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(g.createdAt)));
  cell(money(g.amount), 'num');
  cell(String(g.donors ?? 1), 'num');
  cell(g.note ?? '');
  cell(g.voided ? t.voidedState : g.status === 'pending' ? t.pending : t.counted);
  const action = document.createElement('td');
  if (!g.voided) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = t.void;
    button.setAttribute('aria-label', t.voidLabel(money(g.amount)));
    button.dataset['gift'] = g.id;
    button.addEventListener('click', () => void voidGift(button, g));
    action.append(button);
  }
  tr.append(action);
  return tr;
}

/** The first click asks for a second (a void cannot be undone); the second voids. */
async function voidGift(/** @type {HTMLButtonElement} */ button, /** @type {Gift} */ g) {
  if (button.dataset['armed'] !== 'true') {
    button.dataset['armed'] = 'true';
    button.textContent = t.confirmVoid(money(g.amount));
    button.removeAttribute('aria-label');
    return;
  }
  button.disabled = true;
  say(t.voiding);
  try {
    const out = await (await api(`/offline-gifts/${encodeURIComponent(g.id)}/void`, { method: 'POST' })).json();
    await loadGifts();
    showTotals(out.progress);
    say(t.voided(money(g.amount)));
  } catch (e) {
    button.disabled = false;
    fail(/** @type {Error} */ (e).message);
  }
}

async function record(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const button = /** @type {HTMLButtonElement} */ ($('record'));
  if (button.disabled) return; // a second click while the first is in flight
  const amount = parseAmount(input('amount').value);
  if (amount === undefined) return fail(t.badAmount, 'amount');
  const donors = Number(input('donors').value);
  if (!/^\d{1,6}$/.test(input('donors').value) || donors > 100_000) return fail(t.badDonors, 'donors');
  const note = input('note').value.trim();
  const category = /** @type {HTMLSelectElement} */ ($('category')).value;
  button.disabled = true;
  say(t.recording);
  try {
    const res = await api('/offline-gifts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': entryKey },
      body: JSON.stringify({ amount, currency: info?.currency, donors, category, ...(note ? { note } : {}) }),
    });
    const out = await res.json();
    entryKey = crypto.randomUUID(); // this entry is counted: the next one is a new gift
    /** @type {HTMLFormElement} */ ($('gift-form')).reset();
    showTotals(out.progress);
    await loadGifts();
    say(out.gift.status === 'pending' ? t.recordedPending(money(amount)) : t.recorded(money(amount)));
  } catch (e) {
    const err = /** @type {Error & { field?: string }} */ (e);
    fail(err.message, err.field === 'amount' || err.field === 'note' || err.field === 'donors' ? err.field : undefined);
  } finally {
    button.disabled = false;
  }
}

async function download() {
  const button = /** @type {HTMLButtonElement} */ ($('download'));
  button.disabled = true;
  say(t.downloading);
  try {
    const res = await api('/ledger.csv');
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'ledger.csv';
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say(t.downloaded);
  } catch (e) {
    fail(/** @type {Error} */ (e).message);
  } finally {
    button.disabled = false;
  }
}

async function unlock(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  const campaign = input('campaign').value.trim().toLowerCase();
  const key = input('key').value.trim();
  if (!campaign) return fail(t.needCampaign, 'campaign');
  if (!key) return fail(t.needKey, 'key');
  session = { campaign, key };
  const button = /** @type {HTMLButtonElement} */ (document.querySelector('#unlock-form button'));
  button.disabled = true;
  try {
    await open();
    sessionStorage.setItem(STORE_KEY, JSON.stringify(session));
    input('key').value = '';
  } catch (e) {
    session = null;
    const err = /** @type {Error & { field?: string, status?: number }} */ (e);
    fail(err.message, err.status === 401 || err.status === 403 ? 'key' : 'campaign');
  } finally {
    button.disabled = false;
  }
}

function forget() {
  sessionStorage.removeItem(STORE_KEY);
  session = null;
  $('book').hidden = true;
  $('unlock').hidden = false;
  say(t.forgotten);
  input('key').focus();
}

for (const el of document.querySelectorAll('[data-t]')) {
  const text = t[/** @type {keyof typeof t} */ (/** @type {HTMLElement} */ (el).dataset['t'])];
  if (typeof text === 'string') el.textContent = text;
}
document.title = `${t.title} · rescuekit`;
input('campaign').value = new URLSearchParams(location.search).get('campaign') ?? '';
$('unlock-form').addEventListener('submit', (e) => void unlock(/** @type {SubmitEvent} */ (e)));
$('gift-form').addEventListener('submit', (e) => void record(/** @type {SubmitEvent} */ (e)));
$('download').addEventListener('click', () => void download());
$('forget').addEventListener('click', forget);
try {
  session = JSON.parse(sessionStorage.getItem(STORE_KEY) ?? 'null');
} catch {
  session = null;
}
if (session) open().catch((e) => (forget(), fail(e.message)));
