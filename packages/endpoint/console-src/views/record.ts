import { html, type TemplateResult } from 'lit';
import { minorDigits, parseMoney } from '@rescuekit/schema';
import { ApiError } from '../api.js';
import { explain, money, newKey } from '../context.js';
import type { Category } from '../strings.js';
import { View } from '../view.js';

const CATEGORIES: Category[] = ['bake_sale', 'concert', 'cheque', 'other'];

interface Recorded {
  gift: { id: string; amount: number; currency: string; status?: 'pending' };
}

/**
 * Records one gift of cash: amount (parsed exactly into minor units), what it was, how many gave,
 * a note. Each gift gets its own Idempotency-Key, kept while the same gift is retried, so a
 * double tap or a flaky connection counts it once. Fires `rk-recorded` after each.
 */
export class RecordView extends View {
  static override properties = { busy: { state: true }, invalid: { state: true } };
  declare busy: boolean;
  /** The amount field's own message, or ''. */
  declare invalid: string;
  /** The body and key of the gift being sent: a retry of the same body reuses its key. */
  private attempt: { body: string; key: string } | undefined;

  constructor() {
    super();
    this.busy = false;
    this.invalid = '';
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const { t, currency, lang } = this.ctx;
    const form = e.target as HTMLFormElement;
    const amountField = form.querySelector<HTMLInputElement>('#amount')!;
    const parsed = parseMoney(amountField.value, currency, lang);
    if (!parsed.ok || parsed.amount <= 0) {
      const reason = parsed.ok ? 'invalid' : parsed.reason;
      this.invalid = reason === 'empty' ? t.amountEmpty : reason === 'too-precise' ? t.amountTooPrecise(minorDigits(currency)) : t.amountInvalid;
      amountField.focus();
      return;
    }
    this.invalid = '';
    const category = (form.querySelector<HTMLInputElement>('input[name=category]:checked')?.value ?? 'other') as Category;
    const note = form.querySelector<HTMLInputElement>('#note')!.value.trim();
    const donors = this.donors();
    const body = JSON.stringify({ amount: parsed.amount, currency, donors, category, ...(note ? { note } : {}) });
    if (this.attempt?.body !== body) this.attempt = { body, key: newKey() };
    this.busy = true;
    try {
      const res = await this.ctx.api.json<Recorded>('POST', `/v1/campaigns/${encodeURIComponent(this.ctx.campaign)}/offline-gifts`, JSON.parse(body), {
        'idempotency-key': this.attempt.key,
      });
      this.attempt = undefined;
      const shown = money(this.ctx, res.gift.amount, res.gift.currency);
      this.ctx.status(res.gift.status === 'pending' ? t.recordedPending(shown) : t.recordedCounted(shown));
      form.reset();
      this.dispatchEvent(new Event('rk-recorded', { bubbles: true }));
      amountField.focus();
    } catch (err) {
      // A refused body will not succeed on retry: the next try is a new gift.
      if (err instanceof ApiError && err.problem.status >= 400 && err.problem.status < 500) this.attempt = undefined;
      if (err instanceof ApiError && err.problem.field === 'amount') {
        this.invalid = err.problem.detail;
        amountField.focus();
      } else this.ctx.alert(explain(t, err));
    } finally {
      this.busy = false;
    }
  }

  /** How many gave: a whole number from 1 (what an empty or odd entry means). */
  private donors(by = 0): number {
    const field = this.querySelector<HTMLInputElement>('#donors')!;
    const n = Math.max(1, Math.min(10_000, (Math.floor(Number(field.value)) || 1) + by));
    field.value = String(n);
    return n;
  }

  protected override render(): TemplateResult {
    const { t, currency } = this.ctx;
    const example = money(this.ctx, minorDigits(currency) ? 4500 : 45000).replace(/[^\d.,]/g, '');
    return html`<section aria-labelledby="record-h">
      <h2 id="record-h" tabindex="-1">${t.recordTitle}</h2>
      <form class="record" @submit=${this.submit} novalidate>
        <label for="amount">${t.amount(currency.toUpperCase())}</label>
        <input id="amount" class="amount" inputmode="decimal" autocomplete="off" required
          aria-invalid=${this.invalid ? 'true' : 'false'} aria-describedby=${this.invalid ? 'amount-error amount-hint' : 'amount-hint'} />
        <p id="amount-hint" class="hint">${t.amountHint(example)}</p>
        ${this.invalid ? html`<p id="amount-error" class="field-error">${this.invalid}</p>` : ''}
        <fieldset class="choices">
          <legend>${t.category}</legend>
          ${CATEGORIES.map(
            (c, i) => html`<label class="choice"><input type="radio" name="category" value=${c} ?checked=${i === 0} /><span>${t.categories[c]}</span></label>`,
          )}
        </fieldset>
        <label for="donors">${t.donors}</label>
        <div class="stepper">
          <button type="button" class="secondary" aria-label=${t.fewer} aria-controls="donors" @click=${() => this.donors(-1)}>−</button>
          <input id="donors" type="number" min="1" max="10000" inputmode="numeric" value="1" />
          <button type="button" class="secondary" aria-label=${t.more} aria-controls="donors" @click=${() => this.donors(1)}>+</button>
        </div>
        <label for="note">${t.note}</label>
        <input id="note" maxlength="200" autocomplete="off" />
        <button type="submit" class="big" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t.recording : t.record}</button>
      </form>
    </section>`;
  }
}
