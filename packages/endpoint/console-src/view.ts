import { LitElement, type PropertyDeclarations } from 'lit';
import type { Ctx } from './context.js';

/**
 * A screen of the console. Rendered into the light DOM: the console's one stylesheet (served from
 * its own origin, as the policy wants) styles every screen, and labels, dialogs and the page's
 * landmarks stay in one tree for screen readers and password managers.
 */
export class View extends LitElement {
  static override properties: PropertyDeclarations = { ctx: { attribute: false } };
  declare ctx: Ctx;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Moves focus to this screen's heading once it has rendered (after a change of screen). */
  protected async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.querySelector<HTMLElement>('h2')?.focus();
  }
}
