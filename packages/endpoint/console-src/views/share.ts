import { html, nothing, type TemplateResult } from 'lit';
import { copyText, explain } from '../context.js';
import { View } from '../view.js';

interface Pack {
  campaign: { id: string; title: string };
  page: string;
  poster: string;
  images: { svg: string; png: string; square: string; story: string };
  embeds: { element: string; height: number; snippet: string }[];
  /** The hosted page's QR code (SVG markup from the endpoint), shown as an image. */
  qr?: { url: string; svg: string };
}

/**
 * The campaign's welcome pack (`GET /v1/campaigns/:id/pack`): its page, poster, share image and
 * embed snippets, each with Copy. Shown only where the server offers the pack.
 */
export class ShareView extends View {
  static override properties = { invite: { attribute: false }, pack: { state: true }, missing: { state: true } };
  /** A new team's lead invite link, shown first in its welcome pack. */
  declare invite: string | undefined;
  declare pack: Pack | undefined;
  declare missing: boolean;

  override connectedCallback(): void {
    super.connectedCallback();
    this.missing = false;
    this.ctx.api.json<Pack>('GET', `/v1/campaigns/${encodeURIComponent(this.ctx.campaign)}/pack`).then(
      (pack) => (this.pack = pack),
      (e) => ((this.missing = true), this.ctx.alert(explain(this.ctx.t, e))),
    );
  }

  private async copy(id: string, text: string): Promise<void> {
    if (await copyText(text)) this.ctx.status(this.ctx.t.copied);
    else {
      this.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${id}`)?.select();
      this.ctx.alert(this.ctx.t.copyFailed);
    }
  }

  private row(id: string, label: string, value: string, long = false, link = !long): TemplateResult {
    const { t } = this.ctx;
    return html`<div class="made">
      <label for=${id}>${label}</label>
      <div class="copy-row">
        ${long ? html`<textarea id=${id} readonly rows="4" .value=${value}></textarea>` : html`<input id=${id} readonly .value=${value} />`}
        <button type="button" aria-label=${`${t.copy}: ${label}`} @click=${() => this.copy(id, value)}>${t.copy}</button>
      </div>
      ${link ? html`<p class="hint no-print"><a href=${value} target="_blank" rel="noopener">${t.open}: ${label}</a></p>` : nothing}
    </div>`;
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const pack = this.pack;
    // In a welcome pack the heading above names the team; on its own the panel has its own.
    return html`<section aria-labelledby="share-h">
      <h2 id="share-h" tabindex="-1" class=${this.invite === undefined ? '' : 'visually-hidden'}>${t.shareTitle}</h2>
      ${this.missing
        ? html`<p>${t.shareMissing}</p>`
        : !pack
          ? html`<p class="hint">${t.loading}</p>`
          : html`${this.invite ? this.row('pack-invite', t.leadInvite, this.invite, false, false) : nothing}
              ${this.row('pack-page', t.sharePage, pack.page)}
              ${pack.qr
                ? html`<figure class="qr"><img src=${`data:image/svg+xml,${encodeURIComponent(pack.qr.svg)}`} alt=${t.qrAlt(pack.qr.url)} width="160" height="160" /><figcaption>${t.qrCaption} <code>${pack.qr.url}</code></figcaption></figure>`
                : nothing}
              ${this.row('pack-poster', t.sharePoster, pack.poster)}
              ${this.row('pack-png', `${t.shareImage} (PNG)`, pack.images.png)} ${this.row('pack-svg', `${t.shareImage} (SVG)`, pack.images.svg)}
              ${this.row('pack-square', `${t.shareImage} (1080×1080)`, pack.images.square)} ${this.row('pack-story', `${t.shareImage} (1080×1920)`, pack.images.story)}
              <h3>${t.shareEmbeds}</h3>
              ${pack.embeds.map((e, i) => this.row(`pack-embed-${i}`, t.embedFor(e.element), e.snippet, true))}`}
    </section>`;
  }
}
