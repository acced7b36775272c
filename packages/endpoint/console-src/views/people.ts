import { html, nothing, type TemplateResult } from 'lit';
import type { Role } from '@rescuekit/schema';
import { atLeast, campaignsInReach, copyText, explain, grantable, when } from '../context.js';
import { View } from '../view.js';

interface Invite {
  id: string;
  campaign: string;
  role: Role;
  label: string | null;
  expiresAt: string;
}
interface Person {
  id: string;
  campaign: string;
  role: Role;
  label: string | null;
  revokedAt: string | null;
}
interface Made {
  url: string;
  expiresAt: string;
}
type Confirm = { kind: 'invite'; item: Invite } | { kind: 'person'; item: Person };

/**
 * People of the campaign (and below it, for an organiser): make an invite link for a role the
 * signed-in person may grant (shown once, with Copy), the open invites (withdraw), the people who
 * joined (revoke). Every removal asks first.
 */
export class PeopleView extends View {
  static override properties = { campaigns: { state: true }, invites: { state: true }, people: { state: true }, made: { state: true }, confirming: { state: true }, busy: { state: true } };
  declare campaigns: { id: string; title: string }[];
  declare invites: Invite[] | undefined;
  declare people: Person[] | undefined;
  declare made: Made | undefined;
  declare confirming: Confirm | undefined;
  declare busy: boolean;

  override connectedCallback(): void {
    super.connectedCallback();
    this.campaigns = [{ id: this.ctx.campaign, title: this.ctx.title }];
    this.busy = false;
    void this.load();
    if (this.ctx.role === 'organiser') void campaignsInReach(this.ctx).then((list) => (this.campaigns = list));
  }

  private async load(): Promise<void> {
    const { api, campaign } = this.ctx;
    const id = encodeURIComponent(campaign);
    try {
      const [invites, people] = await Promise.all([
        api.json<{ invites: Invite[] }>('GET', `/v1/campaigns/${id}/invites`),
        api.json<{ people: Person[] }>('GET', `/v1/people?campaign=${id}`),
      ]);
      this.invites = invites.invites;
      this.people = people.people.filter((p) => !p.revokedAt);
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
  }

  private async invite(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const { t, api } = this.ctx;
    const form = e.target as HTMLFormElement;
    const campaign = form.querySelector<HTMLSelectElement>('#invite-campaign')?.value ?? this.ctx.campaign;
    const role = form.querySelector<HTMLSelectElement>('#invite-role')!.value as Role;
    const label = form.querySelector<HTMLInputElement>('#invite-label')!.value.trim();
    this.busy = true;
    try {
      this.made = await api.json<Made>('POST', `/v1/campaigns/${encodeURIComponent(campaign)}/invites`, { role, ...(label ? { label } : {}) });
      const title = this.campaigns.find((c) => c.id === campaign)?.title ?? campaign;
      this.ctx.status(t.inviteMade(t.roles[role], title));
      form.reset();
      await this.updateComplete;
      this.querySelector<HTMLInputElement>('#invite-url')?.focus();
      await this.load();
    } catch (err) {
      this.ctx.alert(explain(t, err));
    } finally {
      this.busy = false;
    }
  }

  private async copy(): Promise<void> {
    const { t } = this.ctx;
    if (this.made && (await copyText(this.made.url))) this.ctx.status(t.copied);
    else {
      this.querySelector<HTMLInputElement>('#invite-url')?.select();
      this.ctx.alert(t.copyFailed);
    }
  }

  private async ask(confirm: Confirm): Promise<void> {
    this.confirming = confirm;
    await this.updateComplete;
    this.querySelector<HTMLDialogElement>('#people-dialog')!.showModal();
  }

  private async confirm(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const c = this.confirming;
    this.querySelector<HTMLDialogElement>('#people-dialog')!.close();
    if (!c) return;
    const { t, api } = this.ctx;
    try {
      if (c.kind === 'invite') {
        await api.json('DELETE', `/v1/invites/${encodeURIComponent(c.item.id)}`);
        this.ctx.status(t.withdrawn);
      } else {
        await api.json('DELETE', `/v1/people/${encodeURIComponent(c.item.id)}`);
        this.ctx.status(t.revokedPerson(this.name(c.item)));
      }
    } catch (err) {
      this.ctx.alert(explain(t, err));
    }
    await this.load();
  }

  private name(p: { label: string | null }): string {
    return p.label || this.ctx.t.unnamed;
  }

  private where(campaign: string): string {
    return this.campaigns.find((c) => c.id === campaign)?.title ?? campaign;
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const roles = grantable(this.ctx.role);
    return html`<section aria-labelledby="invite-h">
        <h2 id="invite-h" tabindex="-1">${t.inviteTitle}</h2>
        <form class="invite" @submit=${this.invite} novalidate>
          ${this.campaigns.length > 1
            ? html`<label for="invite-campaign">${t.inviteCampaign}</label>
                <select id="invite-campaign">${this.campaigns.map((c) => html`<option value=${c.id}>${c.title}</option>`)}</select>`
            : nothing}
          <label for="invite-role">${t.inviteRole}</label>
          <select id="invite-role">${roles.map((r) => html`<option value=${r} ?selected=${r === 'recorder'}>${t.roles[r]}</option>`)}</select>
          <label for="invite-label">${t.inviteLabel}</label>
          <input id="invite-label" maxlength="80" autocomplete="off" />
          <button type="submit" class="big" aria-disabled=${this.busy ? 'true' : 'false'}>${t.inviteCreate}</button>
        </form>
        ${this.made
          ? html`<div class="made">
              <label for="invite-url">${t.inviteLink}</label>
              <div class="copy-row">
                <input id="invite-url" readonly .value=${this.made.url} aria-describedby="invite-once" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
                <button type="button" @click=${this.copy}>${t.copy}</button>
              </div>
              <p id="invite-once" class="hint">${t.inviteOnce(when(this.ctx, this.made.expiresAt))}</p>
            </div>`
          : nothing}
      </section>
      <section aria-labelledby="invites-h">
        <h2 id="invites-h">${t.openInvites}</h2>
        ${this.invites === undefined ? html`<p class="hint">${t.loading}</p>` : this.invites.length === 0 ? html`<p>${t.noInvites}</p>` : html`<ul class="cards">
          ${this.invites.map((i) => html`<li class="card">
            <p><strong>${this.name(i)}</strong> · ${t.roles[i.role]} · ${this.where(i.campaign)}</p>
            <p class="hint">${t.expires(when(this.ctx, i.expiresAt))}</p>
            <button type="button" class="secondary" aria-label=${`${t.withdraw}: ${this.name(i)}, ${t.roles[i.role]}`} @click=${() => this.ask({ kind: 'invite', item: i })}>${t.withdraw}</button>
          </li>`)}
        </ul>`}
      </section>
      <section aria-labelledby="people-h">
        <h2 id="people-h">${t.peopleTitle}</h2>
        ${this.people === undefined ? html`<p class="hint">${t.loading}</p>` : this.people.length === 0 ? html`<p>${t.noPeople}</p>` : html`<ul class="cards">
          ${this.people.map((p) => html`<li class="card">
            <p><strong>${this.name(p)}</strong> ${p.id === this.ctx.personId ? t.you : ''} · ${t.roles[p.role]} · ${this.where(p.campaign)}</p>
            ${p.id !== this.ctx.personId && atLeast(this.ctx.role, p.role)
              ? html`<button type="button" class="secondary" aria-label=${`${t.revoke}: ${this.name(p)}, ${t.roles[p.role]}`} @click=${() => this.ask({ kind: 'person', item: p })}>${t.revoke}</button>`
              : nothing}
          </li>`)}
        </ul>`}
      </section>
      ${this.dialog()}`;
  }

  private dialog(): TemplateResult {
    const { t } = this.ctx;
    const c = this.confirming;
    const title = !c ? '' : c.kind === 'invite' ? t.withdrawTitle : t.revokeTitle(this.name(c.item));
    return html`<dialog id="people-dialog" aria-labelledby="people-dialog-h" @close=${() => (this.confirming = undefined)}>
      <form @submit=${this.confirm}>
        <h3 id="people-dialog-h">${title}</h3>
        ${c ? html`<p>${c.kind === 'invite' ? `${this.name(c.item)} · ${t.roles[c.item.role]}` : t.revokeIntro}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="danger">${c?.kind === 'invite' ? t.withdraw : t.revoke}</button>
          <button type="button" class="secondary" @click=${() => this.querySelector<HTMLDialogElement>('#people-dialog')!.close()}>${t.cancel}</button>
        </div>
      </form>
    </dialog>`;
  }
}
