import { html, nothing, type TemplateResult } from 'lit';
import { formatAmount, type ImpactLines } from '@rescuekit/schema';
import { PAGE_WORDS, type Lang } from '../strings.js';
import { PAGE_PRESETS } from './page-model.js';

/** The numbers of `GET /v1/campaigns/:id` the preview shows. */
export interface PreviewProgress {
  raised: number;
  donors: number;
  rescuesFunded: number;
  /** Before the first rescue is funded the page says how far to it, as the hosted page does. */
  rescueCost?: number;
}

export interface PreviewInput {
  title: string;
  description: string;
  goal: number;
  currency: string;
  /** The page's language: the preview speaks it, whatever the console's. */
  locale: Lang;
  impact: ImpactLines;
  progress: PreviewProgress;
}

/**
 * What the hosted page (`/c/:id`) shows of the page fields, drawn in the console from the values
 * being edited: the title, the description, the thermometer's words and bar (a native progress
 * element: no style attribute under the console's policy), and the gift amounts with their impact
 * lines as the picker lays them out.
 */
export function preview(p: PreviewInput): TemplateResult {
  const w = PAGE_WORDS[p.locale];
  const money = (amount: number) => formatAmount(amount, p.currency, p.locale);
  // As the picker shows them: each amount the page offers, its line (in the page's language) under it.
  const { rescuesFunded, rescueCost, raised } = p.progress;
  const rescues = rescuesFunded === 0 && rescueCost ? w.towardFirst(money(Math.min(raised, rescueCost)), money(rescueCost)) : w.rescues(rescuesFunded);
  const lines = PAGE_PRESETS.map((amount) => [amount, p.impact[amount]?.[p.locale]] as const);
  return html`<div class="preview-page" lang=${p.locale}>
    <p class="preview-title">${p.title}</p>
    ${p.description ? html`<p class="preview-lede">${p.description}</p>` : nothing}
    <div class="preview-meter">
      <p class="preview-raised">${w.raisedOf(money(p.progress.raised), money(p.goal))}</p>
      <progress max=${p.goal} value=${Math.min(p.progress.raised, p.goal)} aria-label=${w.progress}></progress>
      <p class="hint">${rescues} · ${w.donors(p.progress.donors)}</p>
    </div>
    <p class="preview-give">${w.give}</p>
    <ul class="preview-amounts">
      ${lines.map(([amount, line]) => html`<li><span class="money">${money(amount)}</span>${line ? html` <span class="hint">${line}</span>` : nothing}</li>`)}
    </ul>
  </div>`;
}
