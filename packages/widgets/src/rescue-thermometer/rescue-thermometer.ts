import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { formatMoney, percentOf, rescuesFunded, type Progress } from '@rescuekit/schema';
import { RescueGoalReachedEvent } from '../events/rescue-goal-reached.js';
import { RescueProgressEvent } from '../events/rescue-progress.js';
import { defineElement } from '../shared/define.js';
import { add } from '../shared/dom.js';
import { localize, watchLang } from '../shared/locale.js';
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
 * Why a `ReactiveElement` with a hand-built shadow tree, not a `LitElement`
 * with a template: the product budget for this element is 7 KB gzipped,
 * Lit included, and lit-html alone costs ~3 KB of it. The tree is fixed, so
 * it is built once (`createElement`, no HTML parsing, so Trusted Types pages
 * work too) and `update()` only writes text nodes, a class, and the fill
 * through CSSOM (strict `style-src` CSP allows that, not a `style` attribute).
 *
 * @customElement rescue-thermometer
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
 * @attr lang - Locale for words and money; inherited from the nearest `[lang]` ancestor or `<html lang>`, and
 *   followed live (`en`, `ko`, or a language added with `registerStrings`).
 *
 * @csspart base - The wrapper grid.
 * @csspart goal - The goal amount beside the top of the tube (not shown in the `bar` variant).
 * @csspart track - The empty tube or bar; its bulb and its rescue ticks (one per rescue, when the goal holds
 *   10 rescues or fewer) are its `::before` and `::after`.
 * @csspart indicator - The fill.
 * @csspart label - The campaign title.
 * @csspart value - Percent and "raised of goal".
 * @csspart rescues - Whole rescues funded.
 * @csspart donors - Donor count.
 * @csspart message - Loading, "be the first", goal-reached or error text (and the Retry button).
 *
 * @cssproperty [--indicator-color=var(--rescue-color-accent, #b3261e)] - Fill colour.
 * @cssproperty [--track-color=var(--rescue-color-track, #ece6e1)] - Inside of the tube, also the skeleton's.
 * @cssproperty [--size=1.25rem] - Thickness of the tube or bar.
 * @cssproperty [--rescue-color-border=#767676] - Global token: the tube's outline (>= 3:1 on the surface, so an empty tube shows).
 * @cssproperty [--rescue-color-on-surface=inherit] - Global token: text colour (pair of `--rescue-color-surface`).
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=999px] - Global token: corner radius of the tube.
 *
 * @fires {RescueProgressEvent} rescue-progress - Progress arrived; `detail` is the progress.
 * @fires {RescueGoalReachedEvent} rescue-goal-reached - Once per campaign when raised first reaches the goal.
 */
export class RescueThermometer extends ReactiveElement {
  static override styles = styles;
  // `static properties` instead of decorators: the same API without the decorator helpers (~450 B gz).
  // Fields are `declare`d so no class-field semantics (TS, esbuild, Vite's oxc) can shadow Lit's accessors.
  static override properties = {
    endpoint: {},
    campaign: {},
    live: { type: Boolean },
    variant: { reflect: true },
    progress: { attribute: false },
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

  #internals = this.attachInternals();
  #feed = new ProgressFeed(this, (p) => {
    if (p) (this.progress = p), (this.#failed = false);
    else if (!this.progress) (this.#failed = true), this.requestUpdate();
  });
  /** Loading failed and there is nothing to show. */
  #failed = false;
  #celebrated?: string;
  #valueText?: string | undefined;
  #shown?: string | undefined;
  // The fixed shadow tree, built once in createRenderRoot.
  #base!: HTMLElement;
  #label!: HTMLElement;
  /** "Goal $9,000", beside the top of the tube. */
  #goal!: HTMLElement;
  #track!: HTMLElement;
  #indicator!: HTMLElement;
  /** The percent, bold, at the start of the value line. */
  #percent!: HTMLElement;
  /** "$4,200 of $9,000 raised" */
  #value!: HTMLElement;
  #rescues!: HTMLElement;
  #donors!: HTMLElement;
  #message!: HTMLElement;
  /** Polite live region (visually hidden) announcing new totals. */
  #live!: HTMLElement;
  #button = document.createElement('button');
  #slot = document.createElement('slot');

  constructor() {
    super();
    watchLang(this);
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const base = (this.#base = add(root, 'div', 'base'));
    this.#label = add(base, 'p', 'label');
    this.#goal = add(base, 'p', 'goal');
    this.#indicator = add((this.#track = add(base, 'div', 'track')), 'div', 'indicator');
    const value = add(base, 'p', 'value');
    this.#percent = add(value, 'b');
    this.#value = add(value, 'span');
    this.#rescues = add(base, 'p', 'rescues');
    this.#donors = add(base, 'p', 'donors');
    this.#message = add(base, 'div', 'message');
    const live = (this.#live = add(base, 'div'));
    live.className = 'sr';
    live.setAttribute('aria-live', 'polite');
    this.#button.onclick = () => this.#load();
    this.#internals.ariaValueMin = '0';
    this.#internals.ariaValueMax = '100';
    return root;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint') || changed.has('campaign') || changed.has('live')) this.#load();
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const p = this.progress;
    const [locale, t] = localize(this, 'rescue-thermometer', strings);
    const num = (n: number) => n.toLocaleString(locale);
    const state = p ? (p.raised >= p.goal ? 'won' : p.raised > 0 ? '' : 'empty') : this.#failed ? 'err' : 'sk';
    const i = this.#internals;
    let pct = 0;
    let texts = ['', '', '', '', '', ''];
    /** Scale step, a fraction of the goal: a tick per rescue when the goal holds 10 or fewer, else only the goal's. */
    let tick = '';
    let valueText;
    if (p) {
      const raised = formatMoney(p.raised, p.currency, locale);
      const goal = formatMoney(p.goal, p.currency, locale);
      const n = rescuesFunded(p.raised, p.rescueCost);
      pct = percentOf(p.raised, p.goal);
      valueText = t.valueText(raised, goal, n, num(n));
      tick = (p.rescueCost > 0 && p.goal <= p.rescueCost * 10 ? p.rescueCost / p.goal : 1) + '';
      texts = [p.title, t.goalMark(goal), pct + '%', ' ' + t.raised(raised, goal), t.rescues(n, num(n)), t.donors(p.donors, num(p.donors))];
      // Announce live changes only: not the first load, not a switch of campaign.
      if (this.#valueText && valueText != this.#valueText && p.campaign == this.#shown) this.#live.textContent = valueText;
    }
    this.#valueText = valueText;
    this.#shown = p?.campaign;
    this.#base.className = state;
    [this.#label, this.#goal, this.#percent, this.#value, this.#rescues, this.#donors].forEach((el, k) => (el.textContent = texts[k]!));
    if (state == 'err') (this.#button.textContent = t.retry), this.#message.replaceChildren(t.error + ' ', this.#button, this.#slot);
    else this.#message.textContent = state == 'won' ? t.goal : state == 'empty' ? t.first : state && t.loading;
    // CSSOM, not a style attribute: allowed under a strict style-src CSP.
    this.#indicator.style.setProperty('--_p', pct / 100 + '');
    this.#track.style.setProperty('--_t', tick);
    i.role = p || !this.#failed ? 'progressbar' : null;
    i.ariaLabel = p ? p.title : t.loading;
    i.ariaValueNow = p ? pct + '' : null;
    i.ariaValueText = valueText ?? null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const p = this.progress;
    if (p && changed.has('progress')) {
      /** @ignore documented as `@fires` above */
      this.dispatchEvent(new RescueProgressEvent(p));
      if (p.raised >= p.goal && this.#celebrated != p.campaign) {
        this.#celebrated = p.campaign;
        /** @ignore documented as `@fires` above */
        this.dispatchEvent(new RescueGoalReachedEvent(p));
      }
    }
  }

  #load(): void {
    this.#failed = false;
    this.requestUpdate();
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
