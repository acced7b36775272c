import { html, nothing, type TemplateResult } from 'lit';
import { atLeast, explain, money, when } from '../context.js';
import type { Category } from '../strings.js';
import { View } from '../view.js';

interface Gift {
  id: string;
  amount: number;
  currency: string;
  note: string | null;
  donors: number | null;
  status: 'counted' | 'pending';
  recordedBy: string | null;
  createdAt: string;
  approvedAt: string | null;
  rejectedAt: string | null;
  category: Category | null;
  voided: boolean;
}

type State = 'pending' | 'counted' | 'approved' | 'voided' | 'rejected';
const stateOf = (g: Gift): State => (g.rejectedAt ? 'rejected' : g.voided ? 'voided' : g.status === 'pending' ? 'pending' : g.approvedAt ? 'approved' : 'counted');

/**
 * The team's cash, newest first: what waits for approval, each gift's state, voiding a gift not
 * yet approved (a confirming dialog that asks why), and the CSV. Cards on a phone, a table from
 * 600 px.
 */
export class LedgerView extends View {
  static override properties = { gifts: { state: true }, wide: { state: true }, voiding: { state: true }, reasonMissing: { state: true } };
  declare gifts: Gift[] | undefined;
  declare wide: boolean;
  declare voiding: Gift | undefined;
  declare reasonMissing: boolean;
  private readonly media = matchMedia('(min-width: 600px)');
  private readonly onMedia = () => (this.wide = this.media.matches);

  override connectedCallback(): void {
    super.connectedCallback();
    this.wide = this.media.matches;
    this.media.addEventListener('change', this.onMedia);
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.media.removeEventListener('change', this.onMedia);
  }

  async load(): Promise<void> {
    try {
      const { gifts } = await this.ctx.api.json<{ gifts: Gift[] }>('GET', `/v1/campaigns/${encodeURIComponent(this.ctx.campaign)}/offline-gifts`);
      this.gifts = [...gifts].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
  }

  private mayVoid(g: Gift): boolean {
    const state = stateOf(g);
    return atLeast(this.ctx.role, 'treasurer') && (state === 'pending' || state === 'counted') && g.recordedBy !== 'admin';
  }

  private async openVoid(g: Gift): Promise<void> {
    this.voiding = g;
    this.reasonMissing = false;
    await this.updateComplete;
    this.querySelector<HTMLInputElement>('#void-reason')!.value = '';
    this.querySelector<HTMLDialogElement>('#void-dialog')!.showModal();
  }

  private async confirmVoid(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const gift = this.voiding;
    const field = this.querySelector<HTMLInputElement>('#void-reason')!;
    const reason = field.value.trim();
    if (!gift) return;
    if (!reason) {
      this.reasonMissing = true;
      field.focus();
      return;
    }
    const { t, api, campaign } = this.ctx;
    try {
      await api.json('POST', `/v1/campaigns/${encodeURIComponent(campaign)}/offline-gifts/${encodeURIComponent(gift.id)}/void`, { reason });
      this.ctx.status(t.voided(money(this.ctx, gift.amount, gift.currency)));
    } catch (err) {
      this.ctx.alert(explain(t, err));
    }
    this.querySelector<HTMLDialogElement>('#void-dialog')!.close();
    await this.load();
  }

  private async download(): Promise<void> {
    const { t, api, campaign } = this.ctx;
    try {
      const blob = await api.blob(`/v1/campaigns/${encodeURIComponent(campaign)}/ledger.csv`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${campaign}-ledger.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      this.ctx.status(t.csvDone);
    } catch (e) {
      this.ctx.alert(explain(t, e));
    }
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const gifts = this.gifts;
    const pending = gifts?.filter((g) => stateOf(g) === 'pending') ?? [];
    return html`<section aria-labelledby="ledger-h">
      <h2 id="ledger-h" tabindex="-1">${t.ledgerTitle}</h2>
      ${gifts === undefined
        ? html`<p class="hint">${t.loading}</p>`
        : html`<p class="waiting">${t.waiting(pending.length, money(this.ctx, pending.reduce((s, g) => s + g.amount, 0)))}</p>
            ${gifts.length === 0 ? html`<p>${t.ledgerEmpty}</p>` : this.wide ? this.table(gifts) : this.cards(gifts)}`}
      ${atLeast(this.ctx.role, 'treasurer') ? html`<p><button type="button" class="secondary" @click=${this.download}>${t.csv}</button></p>` : nothing}
      ${this.dialog()}
    </section>`;
  }

  private what(g: Gift): string {
    const kind = g.category ? this.ctx.t.categories[g.category] : '';
    return [kind, g.note].filter(Boolean).join(' · ');
  }

  private voidButton(g: Gift): TemplateResult | typeof nothing {
    if (!this.mayVoid(g)) return nothing;
    const { t } = this.ctx;
    return html`<button type="button" class="secondary" aria-label=${t.voidLabel(money(this.ctx, g.amount, g.currency), when(this.ctx, g.createdAt))} @click=${() => this.openVoid(g)}>${t.voidButton}</button>`;
  }

  private badge(g: Gift): TemplateResult {
    const state = stateOf(g);
    return html`<span class="badge ${state}">${this.ctx.t.status[state]}</span>`;
  }

  private table(gifts: Gift[]): TemplateResult {
    const { t } = this.ctx;
    return html`<table class="ledger">
      <thead><tr><th scope="col">${t.colWhen}</th><th scope="col">${t.colAmount}</th><th scope="col">${t.colWhat}</th><th scope="col">${t.colPeople}</th><th scope="col">${t.colStatus}</th><th scope="col"><span class="visually-hidden">${t.colActions}</span></th></tr></thead>
      <tbody>
        ${gifts.map(
          (g) => html`<tr class=${stateOf(g)}>
            <td>${when(this.ctx, g.createdAt)}</td>
            <td class="num money-cell">${money(this.ctx, g.amount, g.currency)}</td>
            <td>${this.what(g)}</td>
            <td class="num">${g.donors ?? 1}</td>
            <td>${this.badge(g)}</td>
            <td>${this.voidButton(g)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private cards(gifts: Gift[]): TemplateResult {
    const { t } = this.ctx;
    return html`<ul class="cards">
      ${gifts.map(
        (g) => html`<li class="card ${stateOf(g)}">
          <p class="card-head"><strong class="money">${money(this.ctx, g.amount, g.currency)}</strong> ${this.badge(g)}</p>
          <p>${this.what(g)}</p>
          <p class="hint">${when(this.ctx, g.createdAt)} · ${t.people(g.donors ?? 1)}</p>
          ${this.voidButton(g)}
        </li>`,
      )}
    </ul>`;
  }

  private dialog(): TemplateResult {
    const { t } = this.ctx;
    const g = this.voiding;
    const amount = g ? money(this.ctx, g.amount, g.currency) : '';
    return html`<dialog id="void-dialog" aria-labelledby="void-h" @close=${() => (this.voiding = undefined)}>
      <form @submit=${this.confirmVoid} novalidate>
        <h3 id="void-h">${t.voidTitle(amount)}</h3>
        <p>${t.voidIntro}</p>
        <label for="void-reason">${t.reason}</label>
        <input id="void-reason" autocomplete="off" maxlength="200" aria-invalid=${this.reasonMissing ? 'true' : 'false'}
          aria-describedby=${this.reasonMissing ? 'void-error void-hint' : 'void-hint'} @input=${() => (this.reasonMissing = false)} />
        <p id="void-hint" class="hint">${t.reasonHint}</p>
        ${this.reasonMissing ? html`<p id="void-error" class="field-error">${t.reasonEmpty}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="danger">${t.voidConfirm(amount)}</button>
          <button type="button" class="secondary" @click=${() => this.querySelector<HTMLDialogElement>('#void-dialog')!.close()}>${t.cancel}</button>
        </div>
      </form>
    </dialog>`;
  }
}
