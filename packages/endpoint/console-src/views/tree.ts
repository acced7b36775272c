import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { repeat } from 'lit/directives/repeat.js';
import { explain } from '../context.js';
import { View } from '../view.js';

interface Campaign {
  id: string;
  title: string;
  parent?: string | null;
  archived?: boolean;
  /** Present on a supporter's own page: reviewed on the fundraiser screens, never moved here. */
  fundraiser?: unknown;
}

/**
 * The organiser's campaign tree: every campaign below its own, indented under its parent; each can
 * move under another campaign of the subtree (never under itself or its own sub-teams) or be
 * archived (asked first) and brought back. New teams are made on the New team screen.
 */
export class TreeView extends View {
  static override properties = { campaigns: { state: true }, confirming: { state: true } };
  declare campaigns: Campaign[] | undefined;
  declare confirming: Campaign | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const { campaigns } = await this.ctx.api.json<{ campaigns: Campaign[] }>('GET', `/v1/campaigns?under=${encodeURIComponent(this.ctx.campaign)}`);
      this.campaigns = campaigns.filter((c) => !c.fundraiser);
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
  }

  /** The campaigns in depth-first order from the organiser's own, with their depth. */
  private get rows(): { c: Campaign; depth: number }[] {
    const all = this.campaigns ?? [];
    const out: { c: Campaign; depth: number }[] = [];
    const walk = (id: string, depth: number) => {
      const c = all.find((x) => x.id === id);
      if (!c || out.some((r) => r.c.id === id)) return;
      out.push({ c, depth });
      for (const child of all.filter((x) => x.parent === id).sort((a, b) => a.title.localeCompare(b.title))) walk(child.id, depth + 1);
    };
    walk(this.ctx.campaign, 0);
    return out;
  }

  /** `id` and every campaign below it. */
  private below(id: string): Set<string> {
    const out = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of this.campaigns ?? []) if (c.parent && out.has(c.parent) && !out.has(c.id)) (out.add(c.id), (grew = true));
    }
    return out;
  }

  /** Saves, reloads the tree, then says so: what the status announces is already on the screen. */
  private async patch(c: Campaign, body: Record<string, unknown>, done: string): Promise<void> {
    let ok = false;
    try {
      await this.ctx.api.json('PATCH', `/v1/campaigns/${encodeURIComponent(c.id)}`, body);
      ok = true;
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
    await this.load();
    await this.updateComplete;
    if (ok) this.ctx.status(done);
  }

  private move(e: SubmitEvent, c: Campaign): void {
    e.preventDefault();
    const to = new FormData(e.target as HTMLFormElement).get('parent');
    const target = this.campaigns?.find((x) => x.id === to);
    if (!target || to === c.parent) return;
    void this.patch(c, { parent: target.id }, this.ctx.t.moved(c.title, target.title));
  }

  private async ask(c: Campaign): Promise<void> {
    this.confirming = c;
    await this.updateComplete;
    this.querySelector<HTMLDialogElement>('#tree-dialog')!.showModal();
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const rows = this.rows;
    return html`<section aria-labelledby="tree-h">
        <h2 id="tree-h" tabindex="-1">${t.treeTitle}</h2>
        <p class="hint">${t.treeHint}</p>
        ${this.campaigns === undefined
          ? html`<p class="hint">${t.loading}</p>`
          : html`<ul class="tree">
              ${repeat(rows, (r) => r.c.id, ({ c, depth }) => html`<li class=${`card depth-${Math.min(depth, 3)}`}>
                <div class="card-head"><strong>${c.title}</strong>${c.archived ? html`<span class="badge">${t.archived}</span>` : nothing}</div>
                ${depth === 0 ? nothing : this.controls(c, rows.map((r) => r.c).filter((x) => !this.below(c.id).has(x.id)))}
              </li>`)}
            </ul>`}
      </section>
      ${this.dialog()}`;
  }

  private controls(c: Campaign, targets: Campaign[]): TemplateResult {
    const { t } = this.ctx;
    const id = `move-${c.id}`;
    return html`<form class="move" @submit=${(e: SubmitEvent) => this.move(e, c)}>
        <label for=${id}>${t.moveUnder(c.title)}</label>
        <div class="copy-row">
          ${keyed(`${c.parent}|${targets.map((x) => x.id).join()}`, html`<select id=${id} name="parent">
            ${targets.map((x) => html`<option value=${x.id} ?selected=${x.id === c.parent}>${x.title}</option>`)}
          </select>`)}
          <button type="submit" class="secondary">${t.move}</button>
        </div>
      </form>
      ${c.archived
        ? html`<button type="button" class="secondary" @click=${() => this.patch(c, { archived: false }, t.unarchived(c.title))}>${t.unarchive}</button>`
        : html`<button type="button" class="secondary" @click=${() => this.ask(c)}>${t.archive}</button>`}`;
  }

  private dialog(): TemplateResult {
    const { t } = this.ctx;
    const c = this.confirming;
    const close = () => this.querySelector<HTMLDialogElement>('#tree-dialog')!.close();
    return html`<dialog id="tree-dialog" aria-labelledby="tree-dialog-h" @close=${() => (this.confirming = undefined)}>
      <form @submit=${(e: SubmitEvent) => (e.preventDefault(), close(), c && this.patch(c, { archived: true }, t.archivedDone(c.title)))}>
        <h3 id="tree-dialog-h">${c ? t.archiveTitle(c.title) : ''}</h3>
        <p>${t.archiveIntro}</p>
        <div class="actions">
          <button type="submit" class="danger">${t.archive}</button>
          <button type="button" class="secondary" @click=${close}>${t.cancel}</button>
        </div>
      </form>
    </dialog>`;
  }
}
