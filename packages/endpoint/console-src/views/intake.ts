import { html, type PropertyValues, type TemplateResult } from 'lit';
import type { FundraiserIntake } from '@rescuekit/schema';
import { explain } from '../context.js';
import { View } from '../view.js';
import type { PageFields } from './page-model.js';

const CHOICES: FundraiserIntake[] = ['approval', 'auto', 'off'];

/**
 * How a campaign takes supporters' own pages (`fundraisers`): a lead approves each (the default),
 * each is public at once, or none are taken. A choice of its own, saved on its own, so that it
 * never rides along with an edit of the page.
 */
export class IntakeForm extends View {
  static override properties = { campaign: { attribute: false }, choice: { state: true }, busy: { state: true } };
  declare campaign: PageFields;
  declare choice: FundraiserIntake;
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('campaign') as PageFields | undefined;
    // Another campaign, or a saved change: the form shows what is saved.
    if (changed.has('campaign') && (before?.id !== this.campaign.id || before?.fundraisers !== this.campaign.fundraisers)) this.choice = this.campaign.fundraisers ?? 'approval';
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const { t, api } = this.ctx;
    const choice = this.choice;
    this.busy = true;
    try {
      const res = await api.json<{ campaign: PageFields }>('PATCH', `/v1/campaigns/${encodeURIComponent(this.campaign.id)}`, { fundraisers: choice });
      this.campaign = res.campaign;
      this.ctx.status(t.frIntakeSaved[res.campaign.fundraisers ?? 'approval'](res.campaign.title));
    } catch (err) {
      this.ctx.alert(explain(t, err));
    } finally {
      this.busy = false;
    }
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    return html`<section aria-labelledby="intake-h">
      <h2 id="intake-h">${t.frIntakeTitle}</h2>
      <p id="intake-intro" class="hint">${t.frIntakeIntro}</p>
      <form class="intake" @submit=${this.save} novalidate>
        <fieldset class="choices intake-choices" aria-describedby="intake-intro">
          <legend>${t.frIntakeLegend}</legend>
          ${CHOICES.map((c) => html`<label class="choice"><input type="radio" name="intake" value=${c} .checked=${this.choice === c}
            @change=${() => (this.choice = c)} /><span>${t.frIntake[c]}</span></label>`)}
        </fieldset>
        <button type="submit" class="big" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t.saving : t.frIntakeSave}</button>
      </form>
    </section>`;
  }
}
