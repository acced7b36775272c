/**
 * Pieces the supporters' pages share (the join form and the owner's page): a labelled field with
 * its visible hint and the place its error goes, their headers (never indexed), and the script's
 * words handed over in an attribute (escaped like any other value; no inline script).
 */
import { html, type SafeHtml } from './html.js';
import { pageHeaders } from './layout.js';

/** Where the script writes a field's error: `#<id>-error`, first in the control's description. */
export const describedBy = (id: string, hint: boolean, ...more: string[]) => [`${id}-error`, ...(hint ? [`${id}-hint`] : []), ...more].join(' ');

export interface FieldParts {
  id: string;
  label: string;
  hint?: string | undefined;
  /** The control, with `aria-describedby` from {@link describedBy}. */
  control: SafeHtml;
  /** Under the control (the story's count). */
  after?: SafeHtml | undefined;
}

/** A label, its hint, the control and an error line that speaks up when the script fills it. */
export function field(p: FieldParts): SafeHtml {
  return html`<div class="field">
<label for="${p.id}">${p.label}</label>${p.hint ? html`\n<p class="hint" id="${p.id}-hint">${p.hint}</p>` : ''}
${p.control}${p.after ?? ''}
<p class="error" id="${p.id}-error" role="alert"></p>
</div>`;
}

export interface TextControl {
  id: string;
  /** The API's field name: a problem's `field` finds its control by it. */
  name: string;
  max: number;
  required?: boolean;
  autocomplete?: string;
  describedBy: string;
}

/** A one-line text input for words a supporter types (its direction follows the text). */
export const textInput = (c: TextControl) =>
  html`<input id="${c.id}" name="${c.name}" type="text" maxlength="${c.max}" dir="auto" autocomplete="${c.autocomplete ?? 'off'}"${c.required ? html` required aria-required="true"` : ''} aria-describedby="${c.describedBy}">`;

/** The story: a textarea with a visible count and a quiet spoken one (`#<id>-count`, `#<id>-left`). */
export function storyField(id: string, label: string, hint: string, count: string, max: number): SafeHtml {
  return field({
    id,
    label,
    hint,
    control: html`<textarea id="${id}" name="story" rows="7" maxlength="${max}" dir="auto" required aria-required="true" aria-describedby="${describedBy(id, true, `${id}-count`)}"></textarea>`,
    after: html`\n<p class="count" id="${id}-count" data-template="${count}">${count.replace('{n}', '0')}</p><p class="visually-hidden" id="${id}-left" aria-live="polite"></p>`,
  });
}

/** An amount typed as people write it; the script turns it into minor units. */
export const amountInput = (id: string, describedBy: string) =>
  html`<input id="${id}" name="goal" type="text" inputmode="decimal" autocomplete="off" required aria-required="true" aria-describedby="${describedBy}">`;

/** A calendar day (`YYYY-MM-DD`, what the API takes). */
export const dateInput = (id: string, describedBy: string) => html`<input id="${id}" name="date" type="date" aria-describedby="${describedBy}">`;

/** The script's words, for `data-words` (the attribute's escaping keeps any text inert). */
export const wordsAttr = (words: object): string => JSON.stringify(words);

/** A supporter page's headers: a hosted page's, never indexed, never stored by a shared cache. */
export function supporterHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return pageHeaders({ 'x-robots-tag': 'noindex', 'cache-control': 'no-cache', ...extra });
}

/** `csp` with `origins` added to each of `directives` (added as directives where missing). */
export function withSources(csp: string, directives: readonly string[], origins: string): string {
  const parts = csp.split(';').map((s) => s.trim()).filter(Boolean);
  for (const d of directives) {
    const i = parts.findIndex((p) => p.split(' ')[0] === d);
    if (i === -1) parts.push(`${d} ${origins}`);
    else parts[i] = `${parts[i]} ${origins}`;
  }
  return parts.join('; ');
}
