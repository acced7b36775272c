/**
 * The join form (`/c/:team/join`): checks what it can here (the fields a page needs, the goal as an
 * amount), sends the rest to the endpoint, shows each refusal beside its field, and on success
 * replaces the form with the page's own link to keep.
 */
import type { JoinClientWords } from '../src/reach/join-strings.js';
import { amountOf, byId, call, clearErrors, control, countStory, detailOf, showError, valueOf, whileBusy, wordsOf } from './form.js';

/** The human check's widget, when the page shows one (Turnstile and hCaptcha both answer these). */
interface HumanCheckWidget {
  getResponse(): string | undefined;
  reset(): void;
}
const widget = (provider: string | undefined): HumanCheckWidget | undefined =>
  provider ? ((window as unknown as Record<string, HumanCheckWidget | undefined>)[provider === 'hcaptcha' ? 'hcaptcha' : 'turnstile']) : undefined;

export function join(main: HTMLElement): void {
  const w = wordsOf<JoinClientWords>(main);
  const form = byId<HTMLFormElement>('join');
  const { team = '', currency = 'usd', humanCheck } = form.dataset;
  const lang = document.documentElement.lang;
  const button = byId<HTMLButtonElement>('join-submit');
  countStory(byId<HTMLTextAreaElement>('join-story'), w.left);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.getAttribute('aria-disabled') === 'true') return;
    clearErrors(form);
    const goal = amountOf(valueOf(form, 'goal'), currency, lang);
    // In the form's order, so the first one named is the first one to fix.
    const invalid = [
      !valueOf(form, 'displayName') && showError(form, 'displayName', w.required),
      goal === undefined && showError(form, 'goal', valueOf(form, 'goal') ? w.goalInvalid : w.required),
      !valueOf(form, 'story') && showError(form, 'story', w.required),
    ].find(Boolean);
    if (invalid) return invalid.focus();
    const token = humanCheck ? widget(humanCheck)?.getResponse() : undefined;
    if (humanCheck && !token) return void showError(form, undefined, w.humanCheck);
    const body = {
      displayName: valueOf(form, 'displayName'),
      goal,
      story: control(form, 'story')!.value,
      ...(valueOf(form, 'occasion') ? { occasion: valueOf(form, 'occasion') } : {}),
      ...(valueOf(form, 'date') ? { date: valueOf(form, 'date') } : {}),
      locale: valueOf(form, 'locale'),
      ...(token ? { humanCheckToken: token } : {}),
    };
    void whileBusy(button, byId('join-status'), w.sending, async () => {
      const answer = await call('POST', `/v1/campaigns/${encodeURIComponent(team)}/fundraisers`, body);
      if (answer.status === 201) return done(answer.body);
      if (humanCheck) widget(humanCheck)?.reset(); // a token is good for one try
      const field = typeof answer.body['field'] === 'string' ? answer.body['field'] : undefined;
      const message =
        answer.status === 400 ? detailOf(answer.body, w.refusals) || w.tryAgain
        : answer.status === 403 ? w.humanCheck
        : answer.status === 404 || answer.status === 409 ? w.notTaking
        : answer.status === 429 ? w.rateLimited
        : answer.status === 0 ? w.network
        : w.tryAgain;
      const el = showError(form, answer.status === 400 && field !== 'humanCheckToken' ? field : undefined, message);
      el?.focus();
    });
  });

  function done(body: Record<string, unknown>): void {
    const state = String(body['state']);
    const manage = new URL(String(body['manageUrl']), location.href).href;
    const panel = byId('join-done');
    for (const el of panel.querySelectorAll<HTMLElement>('[data-when]')) el.hidden = el.dataset['when'] !== state;
    const link = byId<HTMLInputElement>('join-link');
    link.value = manage;
    byId<HTMLAnchorElement>('join-see').href = String(body['url']);
    byId<HTMLAnchorElement>('join-manage').href = manage;
    form.hidden = true;
    panel.hidden = false;
    panel.querySelector<HTMLElement>(`h2[data-when="${state}"]`)?.focus();
    byId('join-copy').addEventListener('click', async () => {
      const said = byId('join-copied');
      try {
        await navigator.clipboard.writeText(link.value);
        said.textContent = w.copied;
      } catch {
        link.select();
        said.textContent = w.copyFailed;
      }
    });
  }
}
