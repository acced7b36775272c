import { html, nothing, type TemplateResult } from 'lit';
import { atLeast, campaignsInReach, explain, money, when } from '../context.js';
import type { Category, Outcome } from '../strings.js';
import { View } from '../view.js';

interface Pending {
  id: string;
  campaign: string;
  amount: number;
  currency: string;
  donors: number;
  category: Category | null;
  note: string | null;
  createdAt: string;
  /** Recorded by the person looking: someone else approves it. */
  mine: boolean;
}

interface Result {
  id: string;
  campaign?: string;
  outcome: Outcome;
}

/**
 * The approval queue across the organiser's subtree, oldest first: pick gifts (or all), approve
 * them, or reject them with a reason. Each gift is answered on its own and its outcome shown; one
 * refusal does not undo the rest. Below it, supporters' pages waiting for review, which a lead
 * sees too (cash waits for an organiser, so a lead sees only the pages).
 */
export class ApprovalsView extends View {
  static override properties = { titles: { state: true }, queue: { state: true }, selected: { state: true }, results: { state: true }, busy: { state: true }, reasonMissing: { state: true } };
  /** Campaign titles by id, for naming where each gift was recorded. */
  declare titles: ReadonlyMap<string, string>;
  declare queue: Pending[] | undefined;
  declare selected: ReadonlySet<string>;
  declare results: { gift: Pending | undefined; result: Result }[] | undefined;
  declare busy: boolean;
  declare reasonMissing: boolean;

  constructor() {
    super();
    this.selected = new Set();
    this.titles = new Map();
    this.busy = false;
    this.reasonMissing = false;
  }

  /** Done once the pages to review have rendered too (the console focuses this screen's first heading then). */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.querySelector('rk-fundraiser-review')?.updateComplete;
    return done;
  }

  private get organiser(): boolean {
    return atLeast(this.ctx.role, 'organiser');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.organiser) return;
    void this.load();
    void campaignsInReach(this.ctx).then((list) => (this.titles = new Map(list.map((c) => [c.id, c.title]))));
  }

  private async load(): Promise<void> {
    try {
      const { gifts } = await this.ctx.api.json<{ gifts: Pending[] }>('GET', `/v1/approvals?campaign=${encodeURIComponent(this.ctx.campaign)}`);
      this.queue = gifts;
      this.selected = new Set([...this.selected].filter((id) => gifts.some((g) => g.id === id && !g.mine)));
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
  }

  private get choosable(): Pending[] {
    return (this.queue ?? []).filter((g) => !g.mine);
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private toggleAll(on: boolean): void {
    this.selected = new Set(on ? this.choosable.map((g) => g.id) : []);
  }

  private async decide(decision: 'approve' | 'reject', reason?: string): Promise<void> {
    const { t, api } = this.ctx;
    if (this.busy) return;
    if (!this.selected.size) return this.ctx.alert(t.noneSelected);
    const byId = new Map((this.queue ?? []).map((g) => [g.id, g]));
    this.busy = true;
    try {
      const { results } = await api.json<{ results: Result[] }>('POST', '/v1/approvals', { gifts: [...this.selected], decision, ...(reason ? { reason } : {}) });
      this.results = results.map((result) => ({ gift: byId.get(result.id), result }));
      const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
      this.ctx.status(t.decided(count('approved'), count('rejected'), results.length - count('approved') - count('rejected')));
      this.selected = new Set();
      await this.updateComplete;
      this.querySelector<HTMLElement>('#outcomes-h')?.focus();
    } catch (e) {
      this.ctx.alert(explain(t, e));
    } finally {
      this.busy = false;
    }
    await this.load();
  }

  private openReject(): void {
    if (this.busy) return;
    if (!this.selected.size) return this.ctx.alert(this.ctx.t.noneSelected);
    this.reasonMissing = false;
    this.querySelector<HTMLInputElement>('#reject-reason')!.value = '';
    this.querySelector<HTMLDialogElement>('#reject-dialog')!.showModal();
  }

  private async confirmReject(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const field = this.querySelector<HTMLInputElement>('#reject-reason')!;
    const reason = field.value.trim();
    if (!reason) {
      this.reasonMissing = true;
      field.focus();
      return;
    }
    this.querySelector<HTMLDialogElement>('#reject-dialog')!.close();
    await this.decide('reject', reason);
  }

  private describe(g: Pending): string {
    const { t } = this.ctx;
    return [money(this.ctx, g.amount, g.currency), g.category && t.categories[g.category], t.people(g.donors), g.note].filter(Boolean).join(' · ');
  }

  protected override render(): TemplateResult {
    return html`${this.organiser ? this.cash() : nothing}<rk-fundraiser-review .ctx=${this.ctx}></rk-fundraiser-review>`;
  }

  private cash(): TemplateResult {
    const { t } = this.ctx;
    const queue = this.queue;
    const choosable = this.choosable;
    const all = choosable.length > 0 && choosable.every((g) => this.selected.has(g.id));
    const n = this.selected.size;
    return html`<section aria-labelledby="approvals-h">
      <h2 id="approvals-h" tabindex="-1">${t.approvalsTitle}</h2>
      ${queue === undefined
        ? html`<p class="hint">${t.loading}</p>`
        : queue.length === 0
          ? html`<p>${t.approvalsEmpty}</p>`
          : html`<div class="check select-all">
                <input type="checkbox" id="select-all" .checked=${all} .indeterminate=${n > 0 && !all} ?disabled=${!choosable.length}
                  @change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)} />
                <label for="select-all">${t.selectAll}</label>
              </div>
              <ul class="queue">
                ${queue.map(
                  (g) => html`<li class="card">
                    <div class="check">
                      <input type="checkbox" id=${`gift-${g.id}`} .checked=${this.selected.has(g.id)} ?disabled=${g.mine}
                        aria-describedby=${`gift-${g.id}-more`} @change=${(e: Event) => this.toggle(g.id, (e.target as HTMLInputElement).checked)} />
                      <label for=${`gift-${g.id}`}>${this.describe(g)}</label>
                    </div>
                    <p class="hint" id=${`gift-${g.id}-more`}>${t.recordedBy(when(this.ctx, g.createdAt), this.titles.get(g.campaign) ?? g.campaign)}${g.mine ? html` · ${t.yours}` : nothing}</p>
                  </li>`,
                )}
              </ul>
              <div class="actions">
                <button type="button" class="big" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.decide('approve')}>${t.approve(n)}</button>
                <button type="button" class="secondary big" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.openReject}>${t.reject(n)}</button>
              </div>`}
      ${this.results ? this.outcomes(this.results) : nothing}
      ${this.dialog(n)}
    </section>`;
  }

  private outcomes(results: NonNullable<ApprovalsView['results']>): TemplateResult {
    const { t } = this.ctx;
    return html`<section aria-labelledby="outcomes-h" class="outcomes">
      <h3 id="outcomes-h" tabindex="-1">${t.outcomesTitle}</h3>
      <ul>
        ${results.map(({ gift, result }) => {
          const where = result.campaign ?? gift?.campaign ?? '';
          return html`<li class=${`outcome ${result.outcome}`}>${gift ? this.describe(gift) : result.id} (${this.titles.get(where) ?? where}): <strong>${t.outcomes[result.outcome]}</strong></li>`;
        })}
      </ul>
    </section>`;
  }

  private dialog(n: number): TemplateResult {
    const { t } = this.ctx;
    return html`<dialog id="reject-dialog" aria-labelledby="reject-h">
      <form @submit=${this.confirmReject} novalidate>
        <h3 id="reject-h">${t.rejectTitle(n)}</h3>
        <p>${t.rejectIntro}</p>
        <label for="reject-reason">${t.reason}</label>
        <input id="reject-reason" autocomplete="off" maxlength="200" aria-invalid=${this.reasonMissing ? 'true' : 'false'}
          aria-describedby=${this.reasonMissing ? 'reject-error' : nothing} @input=${() => (this.reasonMissing = false)} />
        ${this.reasonMissing ? html`<p id="reject-error" class="field-error">${t.reasonEmpty}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="danger">${t.rejectConfirm}</button>
          <button type="button" class="secondary" @click=${() => this.querySelector<HTMLDialogElement>('#reject-dialog')!.close()}>${t.cancel}</button>
        </div>
      </form>
    </dialog>`;
  }
}
