import { LitElement, html, type PropertyValues } from 'lit';
import { formatMoney, percentOf, rescuesFunded, type Progress } from '@rescuekit/schema';
import { RescueGoalReachedEvent } from '../events/rescue-goal-reached.js';
import { RescueProgressEvent } from '../events/rescue-progress.js';
import { defineElement } from '../shared/define.js';
import { resolveLocale, translate } from '../shared/locale.js';
import { ProgressFeed } from '../shared/progress-feed.js';
import { strings } from './rescue-thermometer.strings.js';
import { styles } from './rescue-thermometer.styles.js';

/**
 * A campaign goal meter: raised of goal, percent, whole rescues funded and the
 * donor count (never a donor's name), loaded from a rescuekit endpoint and
 * optionally kept live over Server-Sent Events.
 *
 * The host is a `progressbar` (through `ElementInternals`): value 0–100 (percent),
 * `aria-valuetext` in words and money, the campaign title as its label. Live
 * changes are also announced once per new total through a polite live region.
 *
 * @summary Campaign thermometer: raised / goal, rescues funded, donors; live updates.
 *
 * @slot - No-JS fallback, e.g. `<a href="…/give">Give to The Hundred</a>`. Not shown once the
 *   element upgrades; shown again beside Retry in the error state, where a link out is useful.
 *
 * @attr endpoint - Base URL of the rescuekit endpoint. Defaults to `setDefaultEndpoint()`, then
 *   `<meta name="rescuekit:endpoint">`, then the page's own origin.
 * @attr campaign - Campaign id, e.g. `the-hundred`.
 * @attr {boolean} live - Keep the total current (Server-Sent Events, falling back to polling every 15 s).
 * @attr {'thermometer' | 'bar'} variant - `thermometer` (vertical, the default) or `bar` (horizontal).
 * @attr lang - Locale for words and money; inherited from the nearest `[lang]` ancestor (`en`, `ko`).
 *
 * @csspart base - The wrapper grid.
 * @csspart track - The empty tube or bar.
 * @csspart indicator - The fill.
 * @csspart label - The campaign title.
 * @csspart value - Percent and "raised of goal".
 * @csspart rescues - Whole rescues funded.
 * @csspart donors - Donor count.
 * @csspart message - Loading, "be the first", goal-reached or error text (and the Retry button).
 *
 * @cssproperty [--indicator-color=var(--rescue-color-accent, #b3261e)] - Fill colour.
 * @cssproperty [--track-color=var(--rescue-color-track, #ece6e1)] - Tube colour, also the skeleton's.
 * @cssproperty [--size=1.25rem] - Thickness of the tube or bar.
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=999px] - Global token: corner radius of the tube.
 *
 * @fires {RescueProgressEvent} rescue-progress - Progress arrived; `detail` is the progress.
 * @fires {RescueGoalReachedEvent} rescue-goal-reached - Once per campaign when raised first reaches the goal.
 */
export class RescueThermometer extends LitElement {
  static override styles = styles;
  // `static properties` instead of decorators: the same API without the decorator helpers (~450 B gz).
  // Fields are `declare`d so no class-field semantics (TS, esbuild, Vite's oxc) can shadow Lit's accessors.
  static override properties = {
    endpoint: {},
    campaign: {},
    live: { type: Boolean },
    variant: { reflect: true },
    progress: { attribute: false },
    _failed: { state: true },
    _said: { state: true },
  };

  /** Base URL of the rescuekit endpoint (attribute `endpoint`). */
  declare endpoint?: string;
  /** Campaign id (attribute `campaign`). */
  declare campaign?: string;
  /** Keep the total current while connected (attribute `live`). */
  declare live?: boolean;
  /** `thermometer` (default) or `bar` (attribute `variant`). */
  declare variant?: 'thermometer' | 'bar';
  /** Campaign progress. Set by the element after loading; set it yourself to render without a network. */
  declare progress?: Progress | undefined;
  /** Loading failed and there is nothing to show. */
  declare private _failed?: boolean;
  /** Text of the polite live region: the latest live change, never the first load. */
  declare private _said?: string;

  #internals = this.attachInternals();
  #feed = new ProgressFeed(this, (p) => {
    if (p) (this.progress = p), (this._failed = false);
    else if (!this.progress) this._failed = true;
  });
  #celebrated?: string;
  #percent = 0;
  #valueText?: string | undefined;
  #shown?: string | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint') || changed.has('campaign') || changed.has('live')) this.#load();
  }

  override render() {
    const p = this.progress;
    const locale = resolveLocale(this);
    const t = translate(strings, locale);
    const num = (n: number) => n.toLocaleString(locale);
    const state = p ? (p.raised >= p.goal ? 'won' : p.raised > 0 ? '' : 'empty') : this._failed ? 'err' : 'sk';
    let raised, goal, rescues, valueText;
    if (p) {
      raised = formatMoney(p.raised, p.currency, locale);
      goal = formatMoney(p.goal, p.currency, locale);
      rescues = rescuesFunded(p.raised, p.rescueCost);
      valueText = t.valueText(raised, goal, rescues, num(rescues));
      // Announce live changes only: not the first load, not a switch of campaign.
      if (this.#valueText && valueText != this.#valueText && p.campaign == this.#shown) this._said = valueText;
    }
    this.#percent = p ? percentOf(p.raised, p.goal) : 0;
    this.#valueText = valueText;
    this.#shown = p?.campaign;
    this.#internals.ariaLabel = p ? p.title : t.loading;
    // prettier-ignore
    return html`<div part="base" class=${state}><p part="label">${p?.title}</p><div part="track"><div part="indicator"></div></div><p part="value">${p && html`<b>${this.#percent}%</b> ${t.raised(raised!, goal!)}`}</p><p part="rescues">${p && t.rescues(rescues!, num(rescues!))}</p><p part="donors">${p && t.donors(p.donors, num(p.donors))}</p><div part="message">${
      state == 'err' ? html`${t.error} <button @click=${this.#load}>${t.retry}</button><slot></slot>`
      : state == 'won' ? t.goal : state == 'empty' ? t.first : state && t.loading
    }</div><div class="sr" aria-live="polite">${this._said}</div></div>`;
  }

  override updated(changed: PropertyValues<this>): void {
    const p = this.progress;
    const i = this.#internals;
    i.role = p || !this._failed ? 'progressbar' : null;
    i.ariaValueMin = '0';
    i.ariaValueMax = '100';
    i.ariaValueNow = p ? String(this.#percent) : null;
    i.ariaValueText = this.#valueText ?? null;
    // CSSOM, not a style attribute: allowed under a strict style-src CSP.
    this.renderRoot.querySelector<HTMLElement>('[part=indicator]')!.style.setProperty('--_p', String(this.#percent / 100));
    if (p && changed.has('progress')) {
      this.dispatchEvent(new RescueProgressEvent(p));
      if (p.raised >= p.goal && this.#celebrated != p.campaign) {
        this.#celebrated = p.campaign;
        this.dispatchEvent(new RescueGoalReachedEvent(p));
      }
    }
  }

  #load(): void {
    this._failed = false;
    if (this.campaign && this.progress?.campaign != this.campaign) this.progress = undefined;
    this.#feed.start();
  }
}

/**
 * Registers the element as `name` (default `rescue-thermometer`); does nothing
 * if that name is already defined. Use a scoped name when another copy owns
 * the default one.
 */
export function defineRescueThermometer(name = 'rescue-thermometer'): CustomElementConstructor {
  return defineElement(name, RescueThermometer);
}
