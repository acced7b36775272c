import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { FundraiserInfo, FundraiserProposal } from '@rescuekit/schema';
import { explain } from '../context.js';
import { FundraiserActions, isEdit } from './fundraiser-actions.js';

const FIELDS = ['displayName', 'story', 'occasion'] as const satisfies readonly (keyof FundraiserProposal)[];

/**
 * Supporters' pages waiting for a reviewer (a lead of their team, or an organiser above), oldest
 * first: a new page, or the waiting edits of a public page beside the text public now. Each is
 * approved, rejected (a reason if one is given) or taken down on its own; a decided page leaves the
 * list and the focus goes to the next one (or the heading once none is left).
 */
export class FundraiserReview extends FundraiserActions {
  static override properties = { pages: { state: true } };
  declare pages: FundraiserInfo[] | undefined;
  protected readonly scope = 'review';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const { fundraisers } = await this.ctx.api.json<{ fundraisers: FundraiserInfo[] }>('GET', `/v1/fundraisers?under=${encodeURIComponent(this.ctx.campaign)}&review=true`);
      this.pages = [...fundraisers].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
  }

  protected async decided(before: FundraiserInfo): Promise<void> {
    const pages = this.pages ?? [];
    const at = pages.findIndex((p) => p.id === before.id);
    const rest = pages.filter((p) => p.id !== before.id);
    this.pages = rest;
    await this.updateComplete;
    const next = rest[at] ?? rest[at - 1];
    this.querySelector<HTMLElement>(next ? `#${this.idOf(next, 'h')}` : '#review-h')?.focus();
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const pages = this.pages;
    return html`<section aria-labelledby="review-h">
      <h2 id="review-h" tabindex="-1">${t.frReviewTitle}</h2>
      <p class="hint">${t.frReviewIntro}</p>
      ${pages === undefined
        ? html`<p class="hint">${t.loading}</p>`
        : pages.length === 0
          ? html`<p class="empty">${t.frReviewEmpty}</p>`
          : html`<ul class="cards fr-list">${repeat(pages, (p) => p.id, (p) => this.card(p))}</ul>`}
      ${this.dialog()}
    </section>`;
  }

  private card(p: FundraiserInfo): TemplateResult {
    const { t } = this.ctx;
    const edit = isEdit(p);
    return html`<li class="card fr-card">
      <div class="card-head"><h3 id=${this.idOf(p, 'h')} tabindex="-1" dir="auto">${p.displayName}</h3><span class="badge pending">${edit ? t.frEdits : t.frNew}</span></div>
      ${this.facts(p, { story: !edit })}
      ${edit ? this.compare(p) : nothing}
      <div class="actions">
        ${this.button(p, 'approve', t.frApprove, t.frApproving, () => void this.decide(p, 'approve'), false)}
        ${this.button(p, 'reject', t.frReject, t.frRejecting, () => void this.ask('reject', p))}
        ${this.button(p, 'take-down', t.frTakeDown, t.frTakingDown, () => void this.ask('take-down', p))}
      </div>
      ${this.error(p)}
    </li>`;
  }

  /** Each field an edit changes: the text public now beside the text proposed (one above the other on a phone). */
  private compare(p: FundraiserInfo): TemplateResult {
    const { t } = this.ctx;
    const proposed = p.proposed ?? {};
    const now: Record<(typeof FIELDS)[number], string | null> = { displayName: p.displayName, story: p.story, occasion: p.occasion };
    const label = { displayName: t.frName, story: t.frStory, occasion: t.frOccasion };
    const side = (title: string, text: string | null | undefined, cls: string) =>
      html`<div class=${`side ${cls}`}><p class="side-h">${title}</p>${text ? html`<p class="story" dir="auto">${text}</p>` : html`<p class="hint">${t.frNone}</p>`}</div>`;
    return html`${FIELDS.filter((f) => proposed[f] !== undefined).map(
      (f) => html`<div class="compare">
        <h4>${label[f]}</h4>
        <div class="sides">${side(t.frNow, now[f], 'now')}${side(t.frProposed, proposed[f], 'proposed')}</div>
      </div>`,
    )}`;
  }
}
