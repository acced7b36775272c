import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { FundraiserInfo } from '@rescuekit/schema';
import { day, explain, isolate, money, when } from '../context.js';
import { View } from '../view.js';

export type Decision = 'approve' | 'reject' | 'take-down';
type Asked = { kind: 'reject' | 'take-down' | 'link'; page: FundraiserInfo };

/** Whether the page is public and what waits is an edit of its text (rather than the page itself). */
export const isEdit = (p: FundraiserInfo): boolean => !!p.proposed && (p.state === 'approved' || p.state === 'closed');

/**
 * What both lists of supporters' pages share: a decision on one page (approve at once; reject, take
 * down or a new owner's link after a dialog), each page's progress and the endpoint's word when it
 * fails, and the facts of a page. Every supporter text goes through a text binding in an element of
 * its own direction (`dir="auto"`), never through markup.
 */
export abstract class FundraiserActions extends View {
  static override properties: PropertyDeclarations = { busy: { state: true }, errors: { state: true }, asked: { state: true }, dialogError: { state: true }, reasonMissing: { state: true } };
  /** The page a call is under way for, and which call. */
  declare busy: { id: string; kind: Decision | 'link' } | undefined;
  /** The last failure per page id. */
  declare errors: ReadonlyMap<string, string>;
  declare asked: Asked | undefined;
  declare dialogError: string;
  declare reasonMissing: boolean;
  /** Keeps this list's element ids apart from another list's. */
  protected abstract readonly scope: string;

  constructor() {
    super();
    this.errors = new Map();
    this.dialogError = '';
    this.reasonMissing = false;
  }

  /** The page after a decision (`before` as it was listed). */
  protected abstract decided(before: FundraiserInfo, after: FundraiserInfo, kind: Decision): Promise<void>;

  /** A new owner's link was made for `page`. */
  protected linked(_page: FundraiserInfo, _url: string): Promise<void> | void {}

  protected idOf(p: FundraiserInfo, part: string): string {
    return `${this.scope}-${p.id}-${part}`;
  }

  private fail(id: string, e: unknown): void {
    const text = explain(this.ctx.t, e);
    if (this.asked) this.dialogError = text;
    else this.errors = new Map(this.errors).set(id, text);
  }

  /** Runs one call for `page`; false when it failed (its error then shown beside it). */
  private async run(page: FundraiserInfo, kind: Decision | 'link', call: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = { id: page.id, kind };
    const rest = new Map(this.errors);
    rest.delete(page.id);
    this.errors = rest;
    this.dialogError = '';
    try {
      await call();
      return true;
    } catch (e) {
      this.fail(page.id, e);
      return false;
    } finally {
      this.busy = undefined;
    }
  }

  protected decide(page: FundraiserInfo, kind: Decision, reason?: string): Promise<boolean> {
    const { t, api } = this.ctx;
    return this.run(page, kind, async () => {
      const body = kind === 'approve' ? undefined : reason ? { reason } : {};
      const { fundraiser } = await api.json<{ fundraiser: FundraiserInfo }>('POST', `/v1/campaigns/${encodeURIComponent(page.id)}/${kind}`, body);
      const name = isolate(page.displayName);
      const edit = isEdit(page);
      this.close();
      this.ctx.status(kind === 'approve' ? (edit ? t.frApprovedEdits(name) : t.frApprovedNew(name)) : kind === 'reject' ? (edit ? t.frRejectedEdits(name) : t.frRejectedNew(name)) : t.frTakenDown(name));
      await this.decided(page, fundraiser, kind);
    });
  }

  protected async ask(kind: Asked['kind'], page: FundraiserInfo): Promise<void> {
    if (this.busy) return;
    this.asked = { kind, page };
    this.dialogError = '';
    this.reasonMissing = false;
    await this.updateComplete;
    const reason = this.querySelector<HTMLInputElement>(`#${this.scope}-reason`);
    if (reason) reason.value = '';
    this.querySelector<HTMLDialogElement>(`#${this.scope}-dialog`)!.showModal();
  }

  private close(): void {
    this.querySelector<HTMLDialogElement>(`#${this.scope}-dialog`)?.close();
  }

  private async confirm(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const asked = this.asked;
    if (!asked || this.busy) return;
    if (asked.kind === 'link') {
      await this.run(asked.page, 'link', async () => {
        const { manageUrl } = await this.ctx.api.json<{ manageUrl: string }>('POST', `/v1/campaigns/${encodeURIComponent(asked.page.id)}/manage-link`, {});
        this.close();
        this.ctx.status(this.ctx.t.frNewLinkMade(isolate(asked.page.displayName)));
        await this.linked(asked.page, manageUrl);
      });
      return;
    }
    const field = this.querySelector<HTMLInputElement>(`#${this.scope}-reason`)!;
    const reason = field.value.trim();
    if (!reason && asked.kind === 'take-down') {
      this.reasonMissing = true;
      field.focus();
      return;
    }
    await this.decide(asked.page, asked.kind, reason || undefined);
  }

  /** A button for `kind` on `page`: named with the page's name (its heading), busy while its call runs. */
  protected button(p: FundraiserInfo, kind: Decision | 'link', label: string, busyLabel: string, onClick: () => void, secondary = true): TemplateResult {
    const id = this.idOf(p, kind);
    const mine = this.busy?.id === p.id && this.busy.kind === kind;
    return html`<button type="button" id=${id} class=${secondary ? 'secondary' : ''} aria-labelledby=${`${id} ${this.idOf(p, 'h')}`}
      aria-disabled=${this.busy ? 'true' : 'false'} @click=${onClick}>${mine ? busyLabel : label}</button>`;
  }

  /** The page's facts: its team, goal (or raised of goal), occasion, date, when it started, and why it was refused. */
  protected facts(p: FundraiserInfo, opts: { raised?: boolean; story?: boolean } = {}): TemplateResult {
    const { t } = this.ctx;
    const goal = money(this.ctx, p.goal, p.currency);
    const occasion = p.occasion && !(isEdit(p) && p.proposed && 'occasion' in p.proposed) ? p.occasion : '';
    return html`<dl class="fr-facts">
      <dt>${t.frTeam}</dt><dd dir="auto">${p.teamTitle}</dd>
      ${opts.raised ? html`<dt>${t.frRaised}</dt><dd>${t.frRaisedOf(money(this.ctx, p.raised, p.currency), goal)}</dd>` : html`<dt>${t.frGoal}</dt><dd>${goal}</dd>`}
      ${occasion ? html`<dt>${t.frOccasion}</dt><dd dir="auto">${occasion}</dd>` : nothing}
      ${p.date ? html`<dt>${t.frDate}</dt><dd>${day(this.ctx, p.date)}</dd>` : nothing}
      <dt>${t.frStarted}</dt><dd>${when(this.ctx, p.createdAt)}</dd>
      ${p.reason && (p.state === 'rejected' || p.state === 'taken_down') ? html`<dt>${t.frReason}</dt><dd dir="auto">${p.reason}</dd>` : nothing}
      ${opts.story ? html`<dt class="wide">${t.frStory}</dt><dd class="wide story" dir="auto">${p.story}</dd>` : nothing}
    </dl>
    ${p.nameHidden ? html`<p class="hint">${t.frNameHidden}</p>` : nothing}`;
  }

  /** The page's line under the actions: the endpoint's explanation when a call for it failed. */
  protected error(p: FundraiserInfo): TemplateResult {
    return html`<p role="alert" class="alert">${this.errors.get(p.id) ?? ''}</p>`;
  }

  protected dialog(): TemplateResult {
    const { t } = this.ctx;
    const a = this.asked;
    const edit = a ? isEdit(a.page) : false;
    const [title, intro, confirm, busyWord] =
      a?.kind === 'link' ? [t.frNewLinkTitle, t.frNewLinkIntro, t.frNewLinkConfirm, t.frNewLinkBusy]
      : a?.kind === 'take-down' ? [t.frTakeDownTitle, t.frTakeDownIntro, t.frTakeDown, t.frTakingDown]
      : [edit ? t.frRejectEditsTitle : t.frRejectTitle, edit ? t.frRejectEditsIntro : t.frRejectIntro, t.frReject, t.frRejecting];
    const p = this.scope;
    return html`<dialog id=${`${p}-dialog`} aria-labelledby=${`${p}-dialog-h`} aria-describedby=${`${p}-dialog-intro`} @close=${() => (this.asked = undefined)}>
      <form @submit=${this.confirm} novalidate>
        <h3 id=${`${p}-dialog-h`}>${title}</h3>
        <p><strong dir="auto">${a?.page.displayName ?? ''}</strong></p>
        <p id=${`${p}-dialog-intro`}>${intro}</p>
        ${a?.kind === 'link'
          ? nothing
          : html`<label for=${`${p}-reason`}>${a?.kind === 'take-down' ? t.frReasonTakeDown : t.frReasonOptional}</label>
              <input id=${`${p}-reason`} autocomplete="off" maxlength="300" dir="auto" aria-invalid=${this.reasonMissing ? 'true' : 'false'}
                aria-describedby=${this.reasonMissing ? `${p}-reason-error` : nothing} @input=${() => (this.reasonMissing = false)} />
              ${this.reasonMissing ? html`<p id=${`${p}-reason-error`} class="field-error">${t.reasonEmpty}</p>` : nothing}`}
        <p role="alert" class="alert">${this.dialogError}</p>
        <div class="actions">
          <button type="submit" class=${a?.kind === 'link' ? '' : 'danger'} aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? busyWord : confirm}</button>
          <button type="button" class="secondary" @click=${() => this.close()}>${t.cancel}</button>
        </div>
      </form>
    </dialog>`;
  }
}
