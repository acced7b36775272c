import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../api.js';
import { explain, money, when } from '../context.js';
import { View } from '../view.js';

interface Settings {
  publicUrl: string | null;
  allowedOrigins: string[];
  embedAncestors: string[] | null;
  humanCheck: 'on' | 'off';
  manageGivingUrl: string | null;
  readAt: string;
}

interface Unassigned {
  ref: string;
  campaign: string;
  currency: string;
  amount: number;
  receivedAt: string;
}

/**
 * For organisers: the settings this server runs with and when it last read them, and, for an
 * organiser of a whole movement, the paid money that names no known campaign (assigning it stays
 * the admin's).
 */
export class ServerView extends View {
  static override properties = { settings: { state: true }, unassigned: { state: true } };
  declare settings: Settings | undefined;
  /** Undefined while loading; null when this person may not see it. */
  declare unassigned: Unassigned[] | null | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const { api } = this.ctx;
    api.json<Settings>('GET', '/v1/settings').then((s) => (this.settings = s), (e) => this.ctx.alert(explain(this.ctx.t, e)));
    api.json<{ unassigned: Unassigned[] }>('GET', '/v1/unassigned').then(
      (r) => (this.unassigned = r.unassigned),
      (e) => (e instanceof ApiError && e.problem.status === 403 ? (this.unassigned = null) : this.ctx.alert(explain(this.ctx.t, e))),
    );
  }

  private row(label: string, value: string | TemplateResult): TemplateResult {
    return html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const s = this.settings;
    const list = (items: readonly string[] | null) => (items?.length ? html`<ul>${items.map((i) => html`<li><code>${i}</code></li>`)}</ul>` : t.serverNone);
    return html`<section aria-labelledby="server-h">
        <h2 id="server-h" tabindex="-1">${t.serverTitle}</h2>
        ${s
          ? html`<dl class="facts">
              ${this.row(t.serverPublicUrl, s.publicUrl ? html`<code>${s.publicUrl}</code>` : t.serverNone)}
              ${this.row(t.serverOrigins, list(s.allowedOrigins))}
              ${this.row(t.serverEmbedAncestors, s.embedAncestors ? list(s.embedAncestors) : t.serverAnySite)}
              ${this.row(t.serverHumanCheck, s.humanCheck === 'on' ? t.serverOn : t.serverOff)}
              ${this.row(t.serverReadAt, when(this.ctx, s.readAt))}
            </dl>
            <p class="hint">${t.serverHint}</p>`
          : html`<p class="hint">${t.loading}</p>`}
      </section>
      ${this.unassigned === null
        ? nothing
        : html`<section aria-labelledby="unassigned-h">
            <h2 id="unassigned-h">${t.unassignedTitle}</h2>
            ${this.unassigned === undefined
              ? html`<p class="hint">${t.loading}</p>`
              : this.unassigned.length
                ? html`<ul class="cards">
                    ${this.unassigned.map((u) => html`<li class="card"><strong>${money(this.ctx, u.amount, u.currency)}</strong> · <code>${u.campaign}</code><br /><span class="hint">${when(this.ctx, u.receivedAt)} · ${u.ref}</span></li>`)}
                  </ul>`
                : html`<p>${t.unassignedEmpty}</p>`}
            <p class="hint">${t.unassignedHint}</p>
          </section>`}`;
  }
}
