import { html, nothing, type TemplateResult } from 'lit';
import { ApiError } from '../api.js';
import { explain } from '../context.js';
import { LANG_NAMES, type Lang } from '../strings.js';
import { View } from '../view.js';
import { formatAmount, parseMoney } from '@rescuekit/schema';
import { changes, draftOf, impactOf, moneyProblem, newRow, PAGE_PRESETS, type Draft, type ImpactRow, type Invalid, type PageFields } from './page-model.js';
import { preview, type PreviewProgress } from './page-preview.js';
import { posterFieldset } from './page-poster.js';
import { posterFieldOf } from './poster-model.js';

const LANGS: Lang[] = ['en', 'ko'];
const MAX_IMPACT = 8;

/**
 * A campaign's page (title, description, goal, language, impact lines, the poster's lower third), for its lead and for
 * organisers above it (a picker of the campaigns in reach), with a preview that follows the form
 * before anything is saved. Save sends only the fields that changed (`PATCH /v1/campaigns/:id`);
 * a refused field is named beside it. Fires `rk-renamed` when the signed-in campaign's title changes.
 */
export class PageView extends View {
  static override properties = { campaigns: { state: true }, current: { state: true }, progress: { state: true }, draft: { state: true }, busy: { state: true }, invalid: { state: true } };
  declare campaigns: { id: string; title: string }[];
  /** The campaign being edited, as last saved. */
  declare current: PageFields | undefined;
  declare progress: PreviewProgress | undefined;
  declare draft: Draft | undefined;
  declare busy: boolean;
  declare invalid: Invalid | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.campaigns = [{ id: this.ctx.campaign, title: this.ctx.title }];
    this.busy = false;
    void this.open(this.ctx.campaign);
    // An organiser edits any campaign below its own (and, as a lead would, its own).
    if (this.ctx.role === 'organiser') {
      void this.list(this.ctx.campaign).then((list) => (this.campaigns = [...list.filter((c) => c.id === this.ctx.campaign), ...list.filter((c) => c.id !== this.ctx.campaign)]), () => {});
    }
  }

  private list(under: string): Promise<PageFields[]> {
    // Supporters' own pages are reviewed on their own screens, not edited here.
    return this.ctx.api.json<{ campaigns: PageFields[] }>('GET', `/v1/campaigns?under=${encodeURIComponent(under)}`).then((r) => r.campaigns.filter((c) => !c.fundraiser));
  }

  /** Loads `id`'s page fields and progress into the form and preview. */
  private async open(id: string): Promise<void> {
    this.invalid = undefined;
    try {
      const [list, progress] = await Promise.all([this.list(id), this.ctx.api.json<PreviewProgress>('GET', `/v1/campaigns/${encodeURIComponent(id)}`)]);
      const fields = list.find((c) => c.id === id);
      if (!fields) throw new ApiError({ status: 404, code: 'not_found', detail: '' });
      this.current = fields;
      this.progress = progress;
      this.draft = draftOf(fields, this.ctx.lang);
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
  }

  private edit(change: Partial<Draft>): void {
    this.draft = { ...this.draft!, ...change };
  }

  private editRow(key: number, change: Partial<ImpactRow>): void {
    this.edit({ impact: this.draft!.impact.map((r) => (r.key === key ? { ...r, ...change } : r)) });
  }

  private refuse(invalid: Invalid): void {
    this.invalid = invalid;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(`[data-field="${invalid.field}"]`)?.focus());
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { current, draft } = this;
    if (this.busy || !current || !draft) return;
    const { t, api, lang } = this.ctx;
    const made = changes(t, draft, current, lang);
    if ('field' in made) return this.refuse(made);
    this.invalid = undefined;
    if (!Object.keys(made.patch).length) return this.ctx.status(t.pageUnchanged);
    this.busy = true;
    try {
      const res = await api.json<{ campaign: PageFields; progress?: PreviewProgress }>('PATCH', `/v1/campaigns/${encodeURIComponent(current.id)}`, made.patch);
      this.current = res.campaign;
      if (res.progress) this.progress = res.progress;
      this.draft = draftOf(res.campaign, lang);
      this.campaigns = this.campaigns.map((c) => (c.id === current.id ? { id: c.id, title: res.campaign.title } : c));
      if (current.id === this.ctx.campaign && made.patch.title) this.dispatchEvent(new CustomEvent('rk-renamed', { bubbles: true, detail: res.campaign.title }));
      this.ctx.status(t.pageSaved(res.campaign.title));
    } catch (err) {
      const named = err instanceof ApiError ? err.problem.field : undefined;
      const field = named && (posterFieldOf(named) ?? named.split('.')[0]);
      if (err instanceof ApiError && field && ['title', 'description', 'goal', 'locale', 'impact', 'poster-why', 'poster-date', 'poster-place', 'poster-prices'].includes(field)) this.refuse({ field, text: err.problem.detail || explain(t, err) });
      else this.ctx.alert(explain(t, err));
    } finally {
      this.busy = false;
    }
  }

  /** `aria-invalid`, `aria-describedby` and the message of the field `name`. */
  private problem(name: string, hint?: string) {
    const bad = this.invalid?.field === name;
    return {
      invalid: bad ? 'true' : 'false',
      described: [bad ? `${name}-error` : '', hint ?? ''].filter(Boolean).join(' ') || nothing,
      message: bad ? html`<p id=${`${name}-error`} class="field-error">${this.invalid!.text}</p>` : nothing,
    };
  }

  private impactRows(d: Draft, currency: string): TemplateResult {
    const { t } = this.ctx;
    const all = this.problem('impact');
    const offered = new Intl.ListFormat(this.ctx.lang).format(PAGE_PRESETS.map((a) => formatAmount(a, currency, this.ctx.lang)));
    return html`<fieldset class="impact" aria-describedby=${this.invalid?.field === 'impact' ? 'impact-hint impact-error' : 'impact-hint'}>
      <legend>${t.impactTitle}</legend>
      <p id="impact-hint" class="hint">${t.impactIntro}</p>
      ${all.message}
      ${d.impact.map((row, i) => {
        const name = `impact-${row.key}`;
        const p = this.problem(name);
        const parsed = parseMoney(row.amount, currency, this.ctx.lang);
        const elsewhere = !row.preset && parsed.ok && !PAGE_PRESETS.includes(parsed.amount);
        // The page's own amounts are fixed (named in the legend); another amount is typed, and removable.
        return html`<fieldset class="impact-row" aria-describedby=${p.described}>
          <legend>${row.preset && parsed.ok ? t.impactFor(formatAmount(parsed.amount, currency, this.ctx.lang)) : t.impactRow(i + 1)}</legend>
          ${row.preset
            ? nothing
            : html`<label for=${`${name}-amount`}>${t.impactAmount(currency.toUpperCase())}</label>
                <input id=${`${name}-amount`} data-field=${name} inputmode="decimal" autocomplete="off" aria-invalid=${p.invalid} .value=${row.amount}
                  aria-describedby=${[p.invalid === 'true' ? `${name}-error` : '', elsewhere ? `${name}-where` : ''].filter(Boolean).join(' ') || nothing}
                  @input=${(e: Event) => this.editRow(row.key, { amount: (e.target as HTMLInputElement).value })} />`}
          ${p.message}
          ${elsewhere ? html`<p id=${`${name}-where`} class="hint">${t.impactNotOnPage(offered)}</p>` : nothing}
          ${LANGS.map((l, n) => html`<label for=${`${name}-${l}`}>${t.impactLine[l]}</label>
            <input id=${`${name}-${l}`} data-field=${row.preset && !n ? name : nothing} lang=${l} maxlength="120" autocomplete="off" .value=${row[l]}
              @input=${(e: Event) => this.editRow(row.key, { [l]: (e.target as HTMLInputElement).value })} />`)}
          ${row.preset
            ? nothing
            : html`<button type="button" class="secondary" @click=${() => this.edit({ impact: d.impact.filter((r) => r.key !== row.key) })}>${t.impactRemove(i + 1)}</button>`}
        </fieldset>`;
      })}
      ${d.impact.length < MAX_IMPACT
        ? html`<button type="button" class="secondary" data-field="impact" @click=${() => this.edit({ impact: [...d.impact, newRow()] })}>${t.impactAdd}</button>`
        : nothing}
    </fieldset>`;
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const { current: c, draft: d, progress } = this;
    const picker = this.campaigns.length > 1
      ? html`<label for="page-campaign">${t.inviteCampaign}</label>
          <select id="page-campaign" @change=${(e: Event) => this.open((e.target as HTMLSelectElement).value)}>
            ${this.campaigns.map((x) => html`<option value=${x.id} ?selected=${x.id === c?.id}>${x.title}</option>`)}
          </select>`
      : nothing;
    // One heading throughout: it keeps the focus it was given while the campaign loads.
    return html`<section aria-labelledby="page-h">
        <h2 id="page-h" tabindex="-1">${t.pageTitle}</h2>
        <p>${t.pageIntro}</p>
        ${c && d && progress ? this.editor(c, d, progress, picker) : html`<p class="hint">${t.loading}</p>`}
      </section>
      ${c ? html`<rk-intake .ctx=${this.ctx} .campaign=${c}></rk-intake>` : nothing}`;
  }

  private editor(c: PageFields, d: Draft, progress: PreviewProgress, picker: TemplateResult | typeof nothing): TemplateResult {
    const { t, lang } = this.ctx;
    const [title, description, goal, locale] = [this.problem('title'), this.problem('description', 'description-hint'), this.problem('goal'), this.problem('locale')];
    // The preview shows the last amount that parses: a goal half typed does not empty the bar.
    const shownGoal = moneyProblem(t, d.goal, c.currency, lang);
    const shownImpact = impactOf(t, d, c, lang);
    return html`<div class="page-editor">
        <form class="page" @submit=${this.save} novalidate>
          ${picker}
          <label for="page-title">${t.pageTitleLabel}</label>
          <input id="page-title" data-field="title" maxlength="120" autocomplete="off" aria-invalid=${title.invalid} aria-describedby=${title.described}
            .value=${d.title} @input=${(e: Event) => this.edit({ title: (e.target as HTMLInputElement).value })} />
          ${title.message}
          <label for="page-description">${t.pageDescription}</label>
          <textarea id="page-description" data-field="description" rows="3" maxlength="300" aria-invalid=${description.invalid} aria-describedby=${description.described}
            .value=${d.description} @input=${(e: Event) => this.edit({ description: (e.target as HTMLTextAreaElement).value })}></textarea>
          <p id="description-hint" class="hint">${t.pageChars(d.description.length)}</p>
          ${description.message}
          <label for="page-goal">${t.pageGoal(c.currency.toUpperCase())}</label>
          <input id="page-goal" data-field="goal" class="amount" inputmode="decimal" autocomplete="off" aria-invalid=${goal.invalid} aria-describedby=${goal.described}
            .value=${d.goal} @input=${(e: Event) => this.edit({ goal: (e.target as HTMLInputElement).value })} />
          ${goal.message}
          <fieldset class="choices" aria-describedby=${locale.described}>
            <legend>${t.pageLocale}</legend>
            ${LANGS.map((l, i) => html`<label class="choice"><input type="radio" name="page-locale" value=${l} data-field=${i ? nothing : 'locale'} .checked=${d.locale === l}
              @change=${() => this.edit({ locale: l })} /><span lang=${l}>${LANG_NAMES[l]}</span></label>`)}
          </fieldset>
          ${locale.message}
          ${this.impactRows(d, c.currency)}
          ${posterFieldset({ t, currency: c.currency, draft: d.poster, invalid: this.invalid, edit: (change) => this.edit({ poster: { ...d.poster, ...change } }) })}
          <button type="submit" class="big" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t.saving : t.save}</button>
        </form>
        <section class="preview" aria-labelledby="preview-h">
          <h3 id="preview-h">${t.previewTitle}</h3>
          <p class="hint">${t.previewHint}</p>
          ${preview({
            title: d.title.trim() || c.title, description: d.description.trim(), currency: c.currency, locale: d.locale, progress,
            goal: 'amount' in shownGoal ? shownGoal.amount : c.goal,
            impact: 'impact' in shownImpact ? shownImpact.impact : c.impact ?? {},
          })}
        </section>
      </div>`;
  }
}
