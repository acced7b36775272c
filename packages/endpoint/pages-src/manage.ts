/**
 * The owner's page (`/c/:id/manage#rk_page_…`): the secret leaves the address bar at once and lives
 * only in this script; with it the page is read (`GET /v1/fundraisers/me`), edited, its name hidden
 * or shown, closed and reopened. Every answer carries the whole page, which is shown again.
 */
import { formatMoney, type FundraiserInfo } from '@rescuekit/schema';
import type { ManageClientWords } from '../src/reach/join-strings.js';
import { amountOf, byId, call, clearErrors, control, countStory, detailOf, fill, showError, typedAmount, valueOf, whileBusy, wordsOf, type Answer } from './form.js';

export function manage(main: HTMLElement): void {
  const w = wordsOf<ManageClientWords>(main);
  const lang = document.documentElement.lang;
  const secret = location.hash.slice(1);
  // Out of the address bar (and so out of bookmarks, history and screenshots) before anything else.
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  let page: FundraiserInfo;

  const view = byId('m-view');
  const fail = (message: string) => {
    byId('m-loading').hidden = true;
    view.hidden = true;
    const problem = byId('m-problem');
    problem.textContent = message;
    problem.hidden = false;
  };
  /** The page-wide refusals; answers true when the answer was one (the page is then gone from view). */
  const refused = (a: Answer) => {
    if (a.status === 401) fail(w.refused);
    else if (a.status === 404) fail(w.notFound);
    return a.status === 401 || a.status === 404;
  };
  const trouble = (a: Answer) => (a.status === 429 ? w.rateLimited : a.status === 0 ? w.network : a.status < 500 ? detailOf(a.body, w.refusals) || w.tryAgain : w.tryAgain);

  // The language link keeps the secret, in the fragment again, for the page in the other language.
  byId<HTMLAnchorElement>('m-lang').addEventListener('click', (e) => {
    e.preventDefault();
    location.replace(`${(e.currentTarget as HTMLAnchorElement).href}#${secret}`);
  });

  const edit = byId<HTMLFormElement>('m-edit');
  const reopen = byId<HTMLFormElement>('m-reopen');
  const recount = countStory(byId<HTMLTextAreaElement>('m-story'), w.left);
  const set = (form: HTMLFormElement, name: string, value: string) => (control(form, name)!.value = value);

  function show(info: FundraiserInfo, refill: boolean): void {
    page = info;
    const money = (n: number) => formatMoney(n, info.currency, lang);
    byId('m-title').textContent = info.displayName;
    byId('m-eyebrow').hidden = false;
    for (const el of view.querySelectorAll<HTMLElement>('[data-state]')) el.hidden = el.dataset['state'] !== info.state;
    byId('m-reason').hidden = !info.reason;
    byId('m-reason-text').textContent = info.reason ?? '';
    byId('m-raised').textContent = fill(w.raisedOf, { raised: money(info.raised), goal: money(info.goal) });
    const meter = byId<HTMLProgressElement>('m-meter');
    meter.max = info.goal;
    meter.value = Math.min(info.raised, info.goal);
    const link = byId<HTMLAnchorElement>('m-link');
    link.href = link.textContent = new URL(info.url, location.href).href;
    // Text waiting for a lead: what was sent, or "(removed)" for an occasion taken off.
    const proposed = info.proposed ?? {};
    byId('m-waiting').hidden = !info.proposed || !Object.keys(info.proposed).length;
    for (const row of view.querySelectorAll<HTMLElement>('[data-proposed]')) {
      const value = proposed[row.dataset['proposed'] as keyof typeof proposed];
      row.hidden = value === undefined;
      row.querySelector('dd')!.textContent = value ?? w.removed;
    }
    const currency = new Intl.DisplayNames([lang], { type: 'currency' }).of(info.currency.toUpperCase()) ?? info.currency;
    for (const id of ['m-goal-hint', 'm-re-goal-hint']) byId(id).textContent = fill(w.goalHint, { currency });
    byId('m-edit-sec').hidden = info.state === 'taken_down';
    byId('m-name-sec').hidden = info.state === 'taken_down';
    byId('m-close-sec').hidden = info.state !== 'approved';
    byId('m-reopen-sec').hidden = info.state !== 'closed';
    byId<HTMLInputElement>('m-hide').checked = info.nameHidden;
    byId('m-hide-hint').textContent = fill(w.nameHiddenHint, { shown: fill(w.hiddenName, { team: info.teamTitle }) });
    if (!refill) return;
    // The form starts from what the owner last wrote: text waiting for approval, else the page's.
    set(edit, 'displayName', proposed.displayName ?? info.displayName);
    set(edit, 'story', proposed.story ?? info.story);
    set(edit, 'occasion', (proposed.occasion === undefined ? info.occasion : proposed.occasion) ?? '');
    set(edit, 'date', info.date ?? '');
    set(edit, 'goal', typedAmount(info.goal, info.currency));
    edit.dataset['was'] = JSON.stringify(Object.fromEntries([...edit.elements].map((el) => [(el as HTMLInputElement).name, (el as HTMLInputElement).value.trim()])));
    set(reopen, 'occasion', info.occasion ?? '');
    set(reopen, 'date', info.date ?? '');
    recount();
  }

  interface Change {
    path: string;
    method?: 'POST' | 'PATCH';
    body?: unknown;
    /** The control that sent it: busy meanwhile. */
    button: HTMLElement;
    status: HTMLElement;
    /** What to say once done. */
    said: (info: FundraiserInfo) => string;
    /** The form whose fields a refusal may name; else the refusal goes on `errorLine`. */
    form?: HTMLFormElement;
    errorLine?: HTMLElement;
    /** Fill the forms again from the answer. */
    refill?: boolean;
  }

  /** Sends a change; on success shows the page again and says so, else shows why. */
  async function change(c: Change): Promise<void> {
    if (c.button.getAttribute('aria-disabled') !== 'true') for (const el of view.querySelectorAll('.status, .error')) el.textContent = '';
    await whileBusy(c.button, c.status, w.saving, async () => {
      const a = await call(c.method ?? 'POST', c.path, c.body, secret);
      if (a.status === 200) {
        show(a.body['fundraiser'] as FundraiserInfo, c.refill ?? false);
        c.status.textContent = c.said(page);
        return;
      }
      if (refused(a)) return byId('m-title').focus();
      const field = a.status === 400 && typeof a.body['field'] === 'string' ? a.body['field'] : undefined;
      if (c.form) showError(c.form, field, trouble(a))?.focus();
      else if (c.errorLine) c.errorLine.textContent = trouble(a);
    });
  }

  edit.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(edit);
    const was = JSON.parse(edit.dataset['was'] ?? '{}') as Record<string, string>;
    const body: Record<string, unknown> = {};
    for (const name of ['displayName', 'story', 'occasion', 'date']) {
      const now = valueOf(edit, name);
      if (now === was[name]) continue;
      if (!now && (name === 'displayName' || name === 'story')) return void showError(edit, name, w.required)?.focus();
      body[name] = now || null;
    }
    if (valueOf(edit, 'goal') !== was['goal']) {
      const goal = amountOf(valueOf(edit, 'goal'), page.currency, lang);
      if (goal === undefined) return void showError(edit, 'goal', w.goalInvalid)?.focus();
      body['goal'] = goal;
    }
    const status = byId('m-edit-status');
    if (!Object.keys(body).length) return void (status.textContent = w.noChanges);
    void change({ path: '/v1/fundraisers/me', method: 'PATCH', body, form: edit, button: edit.querySelector('button')!, status, said: (info) => (info.proposed ? w.savedWaiting : w.saved), refill: true });
  });

  const hide = byId<HTMLInputElement>('m-hide');
  hide.addEventListener('change', () => {
    byId('m-hide-error').textContent = '';
    // The box shows the page's state until the answer says otherwise.
    const wanted = hide.checked;
    hide.checked = page.nameHidden;
    void change({ path: '/v1/fundraisers/me', method: 'PATCH', body: { nameHidden: wanted }, button: hide, status: byId('m-hide-status'), errorLine: byId('m-hide-error'), said: (info) => (info.nameHidden ? w.nameHidden : w.nameShown) });
  });

  // Closing and reopening swap one section for the other: focus goes to the status, which says what happened.
  const said = byId('m-said');
  const toStatus = () => byId('m-status-h').focus();
  byId('m-close').addEventListener('click', (event) => {
    byId('m-close-error').textContent = '';
    void change({ path: '/v1/fundraisers/me/close', button: event.currentTarget as HTMLElement, status: said, errorLine: byId('m-close-error'), said: () => w.closedNow }).then(() => page.state === 'closed' && toStatus());
  });

  reopen.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(reopen);
    const goal = amountOf(valueOf(reopen, 'goal'), page.currency, lang);
    if (goal === undefined) return void showError(reopen, 'goal', valueOf(reopen, 'goal') ? w.goalInvalid : w.required)?.focus();
    const occasion = valueOf(reopen, 'occasion');
    const date = valueOf(reopen, 'date');
    const body = { goal, ...(occasion !== (page.occasion ?? '') ? { occasion: occasion || null } : {}), ...(date !== (page.date ?? '') ? { date: date || null } : {}) };
    void change({ path: '/v1/fundraisers/me/reopen', body, form: reopen, button: reopen.querySelector('button')!, status: said, said: () => w.reopenedNow, refill: true }).then(() => {
      if (page.state !== 'approved') return;
      set(reopen, 'goal', '');
      toStatus();
    });
  });

  if (!secret.startsWith('rk_page_')) return fail(w.noLink);
  void call('GET', '/v1/fundraisers/me', undefined, secret).then((a) => {
    if (a.status !== 200) return void (refused(a) || fail(trouble(a)));
    show(a.body['fundraiser'] as FundraiserInfo, true);
    byId('m-loading').hidden = true;
    view.hidden = false;
  });
}
