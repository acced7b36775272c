import { html, nothing, type TemplateResult } from 'lit';
import { minorDigits, parseMoney } from '@rescuekit/schema';
import { ApiError } from '../api.js';
import { campaignsInReach, explain, type Ctx } from '../context.js';
import { View } from '../view.js';

interface Made {
  ctx: Ctx;
  invite: string | undefined;
}

/** A campaign id from a team's name: lower-case letters, digits and dashes ("Lake Rescue Team" -> "lake-rescue-team"). */
export const slug = (title: string): string =>
  title.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');

/**
 * An organiser starts a team: its campaign below one of theirs (same currency and cost of a rescue as
 * its parent, which also passes on its approval rule), an invite link for its lead, then the team's
 * welcome pack to copy or print.
 */
export class OnboardView extends View {
  static override properties = { parents: { state: true }, made: { state: true }, busy: { state: true }, invalid: { state: true } };
  declare parents: { id: string; title: string }[];
  declare made: Made | undefined;
  declare busy: boolean;
  /** The field at fault and what to say, or undefined. */
  declare invalid: { field: 'title' | 'id' | 'goal'; text: string } | undefined;
  /** The id as typed, once someone edits it (until then it follows the name). */
  private idTyped = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.parents = [{ id: this.ctx.campaign, title: this.ctx.title }];
    this.busy = false;
    void campaignsInReach(this.ctx).then((list) => (this.parents = list));
  }

  private field<T extends HTMLInputElement | HTMLSelectElement = HTMLInputElement>(id: string): T {
    return this.querySelector<T>(`#${id}`)!;
  }

  private refuse(field: 'title' | 'id' | 'goal', text: string): void {
    this.invalid = { field, text };
    void this.updateComplete.then(() => this.field(`team-${field}`).focus());
  }

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const { t, api } = this.ctx;
    const parent = this.field<HTMLSelectElement>('team-parent').value;
    const title = this.field('team-title').value.trim();
    const id = this.field('team-id').value.trim();
    if (!title) return this.refuse('title', t.teamTitleEmpty);
    if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(id)) return this.refuse('id', t.teamIdInvalid);
    this.busy = true;
    try {
      const above = await api.json<{ currency: string; rescueCost: number }>('GET', `/v1/campaigns/${encodeURIComponent(parent)}`);
      const goal = parseMoney(this.field('team-goal').value, above.currency, this.ctx.lang);
      if (!goal.ok || goal.amount <= 0) return this.refuse('goal', goal.ok || goal.reason !== 'too-precise' ? t.amountInvalid : t.amountTooPrecise(minorDigits(above.currency)));
      this.invalid = undefined;
      await api.json('POST', '/v1/campaigns', { id, title, currency: above.currency, goal: goal.amount, rescueCost: above.rescueCost, parent });
      const label = this.field('team-lead').value.trim();
      const team: Ctx = { ...this.ctx, campaign: id, title, currency: above.currency };
      let invite: string | undefined;
      try {
        invite = (await api.json<{ url: string }>('POST', `/v1/campaigns/${encodeURIComponent(id)}/invites`, { role: 'lead', ...(label ? { label } : {}) })).url;
      } catch (err) {
        this.ctx.alert(explain(t, err));
      }
      this.made = { ctx: team, invite };
      if (invite) this.ctx.status(t.teamMade(title));
      await this.updateComplete;
      this.querySelector<HTMLElement>('#welcome-h')?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.problem.field === 'id') this.refuse('id', err.problem.detail);
      else if (err instanceof ApiError && err.problem.field === 'goal') this.refuse('goal', err.problem.detail);
      else this.ctx.alert(explain(t, err));
    } finally {
      this.busy = false;
    }
  }

  private again(): void {
    this.made = undefined;
    this.idTyped = false;
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('#onboard-h')?.focus());
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    if (this.made) {
      return html`<section aria-labelledby="welcome-h" class="welcome">
        <h2 id="welcome-h" tabindex="-1">${t.welcomeTitle(this.made.ctx.title)}</h2>
        <p>${t.welcomeIntro}</p>
        <rk-share .ctx=${this.made.ctx} .invite=${this.made.invite}></rk-share>
        <div class="actions no-print">
          <button type="button" @click=${() => print()}>${t.print}</button>
          <button type="button" class="secondary" @click=${this.again}>${t.anotherTeam}</button>
        </div>
      </section>`;
    }
    const bad = (f: 'title' | 'id' | 'goal') => (this.invalid?.field === f ? 'true' : 'false');
    const error = (f: 'title' | 'id' | 'goal') => (this.invalid?.field === f ? html`<p id=${`team-${f}-error`} class="field-error">${this.invalid.text}</p>` : nothing);
    const described = (f: 'title' | 'id' | 'goal', hint?: string) => [this.invalid?.field === f ? `team-${f}-error` : '', hint ?? ''].filter(Boolean).join(' ') || nothing;
    return html`<section aria-labelledby="onboard-h">
      <h2 id="onboard-h" tabindex="-1">${t.onboardTitle}</h2>
      <p>${t.onboardIntro}</p>
      <form class="onboard" @submit=${this.create} novalidate>
        <label for="team-parent">${t.teamParent}</label>
        <select id="team-parent">${this.parents.map((c) => html`<option value=${c.id}>${c.title}</option>`)}</select>
        <label for="team-title">${t.teamTitle}</label>
        <input id="team-title" maxlength="120" autocomplete="off" aria-invalid=${bad('title')} aria-describedby=${described('title')}
          @input=${(e: Event) => !this.idTyped && (this.field('team-id').value = slug((e.target as HTMLInputElement).value))} />
        ${error('title')}
        <label for="team-id">${t.teamId}</label>
        <input id="team-id" maxlength="64" autocomplete="off" spellcheck="false" aria-invalid=${bad('id')} aria-describedby=${described('id', 'team-id-hint')}
          @input=${() => (this.idTyped = true)} />
        <p id="team-id-hint" class="hint">${t.teamIdHint}</p>
        ${error('id')}
        <label for="team-goal">${t.teamGoal}</label>
        <input id="team-goal" inputmode="decimal" autocomplete="off" aria-invalid=${bad('goal')} aria-describedby=${described('goal')} />
        ${error('goal')}
        <label for="team-lead">${t.teamLead}</label>
        <input id="team-lead" maxlength="80" autocomplete="off" />
        <button type="submit" class="big" aria-disabled=${this.busy ? 'true' : 'false'}>${t.teamCreate}</button>
      </form>
    </section>`;
  }
}
