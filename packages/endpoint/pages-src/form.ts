/**
 * What the join form and the owner's page share: the words the server wrote for the script, one
 * way to the API (same origin; problems as `{ status, body }`, never thrown), errors beside their
 * fields, busy buttons, the story's count and amounts typed as people write them.
 */
import { minorDigits, parseMoney, toDecimalString } from '@rescuekit/schema';

/** A sentence from the server with `{name}` slots filled. */
export const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (slot, name: string) => String(values[name] ?? slot));

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** The words the server wrote into `data-words`. */
export const wordsOf = <T>(main: HTMLElement): T => JSON.parse(main.dataset['words'] ?? '{}') as T;

export interface Answer {
  /** 0 when the server could not be reached. */
  status: number;
  body: Record<string, unknown>;
}

/** A JSON request to the endpoint (the page's own origin); an owner's secret goes as a bearer token. */
export async function call(method: string, path: string, body?: unknown, secret?: string): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (secret) headers['authorization'] = `Bearer ${secret}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(path, { method, headers, cache: 'no-store', credentials: 'omit', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: ((await res.json().catch(() => ({}))) ?? {}) as Record<string, unknown> };
  } catch {
    return { status: 0, body: {} };
  }
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** The form's control for an API field name (`displayName`, `goal`, …). */
export const control = (form: HTMLFormElement, name: string) => form.elements.namedItem(name) as Control | null;

/** A control's value, trimmed. */
export const valueOf = (form: HTMLFormElement, name: string) => control(form, name)?.value.trim() ?? '';

/** Clears every error of the form (and its own line `#<form id>-error`). */
export function clearErrors(form: HTMLFormElement): void {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll<HTMLElement>('.error')) el.textContent = '';
}

/**
 * Shows `message` beside the control named `name` (its `#<id>-error` line speaks it) and marks it
 * invalid; with no such control, on the form's own line. Answers the control, to focus.
 */
export function showError(form: HTMLFormElement, name: string | undefined, message: string): Control | undefined {
  const el = name ? control(form, name) : null;
  const line = el ? byId(`${el.id}-error`) : byId(`${form.id}-error`);
  line.textContent = message;
  if (!el) return undefined;
  el.setAttribute('aria-invalid', 'true');
  return el;
}

/**
 * A problem's detail without its leading `field: ` (it shows beside that field), in the page's language
 * where `refusals` has the endpoint's words (they are English).
 */
export const detailOf = (body: Record<string, unknown>, refusals: Record<string, string> = {}) => {
  const detail = String(body['detail'] ?? '').replace(/^[\w.]+: /, '');
  return refusals[detail] ?? detail;
};

/**
 * Marks a button busy while `work` runs: `aria-disabled` rather than `disabled`, so a focused button
 * keeps focus; presses meanwhile do nothing. Answers `undefined` when it was already busy.
 */
export async function whileBusy<T>(button: HTMLElement, status: HTMLElement, saying: string, work: () => Promise<T>): Promise<T | undefined> {
  if (button.getAttribute('aria-disabled') === 'true') return undefined;
  button.setAttribute('aria-disabled', 'true');
  status.textContent = saying;
  try {
    return await work();
  } finally {
    button.removeAttribute('aria-disabled');
    if (status.textContent === saying) status.textContent = '';
  }
}

/** The story's count as it is typed, and (for screen readers) what is left once typing pauses near the end. */
export function countStory(area: HTMLTextAreaElement, left: string): () => void {
  const count = byId(`${area.id}-count`);
  const spoken = byId(`${area.id}-left`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    const remaining = area.maxLength - area.value.length;
    count.textContent = fill(count.dataset['template'] ?? '{n}', { n: area.value.length });
    clearTimeout(timer);
    timer = setTimeout(() => (spoken.textContent = remaining <= 50 ? fill(left, { left: remaining }) : ''), 900);
  };
  area.addEventListener('input', update);
  update();
  return update;
}

/** An amount as typed ("300", "300.50", "1,000") in integer minor units, or undefined when it is not one above 0. */
export function amountOf(typed: string, currency: string, lang: string): number | undefined {
  const parsed = parseMoney(typed, currency, lang);
  return parsed.ok && parsed.amount > 0 ? parsed.amount : undefined;
}

/** An amount as people type it: "300", "300.50" (no trailing zero cents). */
export function typedAmount(amount: number, currency: string): string {
  return amount % 10 ** minorDigits(currency) ? toDecimalString(amount, currency) : String(amount / 10 ** minorDigits(currency));
}
