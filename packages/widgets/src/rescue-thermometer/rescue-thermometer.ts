import { adoptStyles, ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { formatAmount, percentOf, type Progress } from '@rescuekit/schema';
import { RescueGoalReachedEvent } from '../events/rescue-goal-reached.js';
import { RescueProgressEvent } from '../events/rescue-progress.js';
import { defineElement } from '../base/define.js';
import { add } from '../base/dom.js';
import { localize, needsBuiltIn, watchLang } from '../i18n/locale.js';
import { FEED_PROPERTIES, PROGRESS, ProgressFeed } from '../feed/progress-feed.js';
import { parseProgress } from '../feed/progress.js';
import { gd, hasGivingDay, ko, loadGivingDay, loadKo } from './lazy-parts.js';
import { en, type ThermometerStrings } from './rescue-thermometer.strings.js';
import { styles } from './rescue-thermometer.styles.js';

const KEY = 'rescue-thermometer';

/**
 * A campaign goal meter: raised of goal, percent, whole rescues funded (before the first, how far to
 * it: "$45 of $3,000 toward the first rescue") and the donor count (never a donor's name), loaded from a rescuekit endpoint and
 * optionally kept live over Server-Sent Events.
 *
 * The host is a `progressbar` (through `ElementInternals`): value 0–100 (percent; the role's default range),
 * `aria-valuetext` in words and money, the campaign title as its label. Live
 * changes are also announced once per new total through a polite live region.
 *
 * Giving days. With matched money (`matched` > 0 in the progress) the tube holds two fills:
 * raised, then matched stacked after it, hatched (so it does not rest on colour alone), with
 * "$1,200 matched by …"; while a matching challenge's (`match`) window is open and money is
 * left in it, "$3,800 of match left". Matched money counts toward
 * the goal: the percent, the fill's end, the value text and "goal reached" use raised + matched
 * (clamped to 100 %), because the goal is what the campaign needs and the matcher pays in.
 * Rescues funded are the progress's `rescuesFunded` (raised only: donors' own gifts, as the endpoint counts them).
 * With a deadline (`endsAt`) a countdown shows the time left ("3 days 4 hours left", then hours
 * and minutes, then minutes, then "Ended"), updated at most once a minute by one timer (aligned
 * to the deadline's minutes, stopped while disconnected) and announced only at 24 hours, 1 hour
 * and 10 minutes left and at the end. When a live update reaches the goal, a short celebration
 * plays once (none with `prefers-reduced-motion: reduce`; none when the goal was already reached
 * on load).
 *
 * The giving-day part is a module of its own (a second file beside the CDN bundle), loaded only
 * when the progress has a giving-day field (`match`, `matched`, `matchLeft`, `endsAt`) or a live
 * update reaches the goal (the celebration). Such a progress is first shown once the module is
 * there; if it cannot load, the thermometer shows the progress without its giving-day part and
 * tries again with the next document.
 *
 * Korean words are a module of their own too, loaded only when the element's language resolves to
 * Korean (and no table was added for it with `registerStrings`); the element's update waits for
 * them, so a Korean page never shows English words. If they cannot load, it speaks English and
 * tries again with its next update.
 *
 * Why a `ReactiveElement` with a hand-built shadow tree, not a `LitElement` with a template: the
 * product budget for this element is 7 KB gzipped, Lit included, and lit-html alone costs ~3 KB of
 * it. The tree is fixed, so it is built once (`createElement`, no HTML parsing, so Trusted Types
 * pages work too) and `update()` only writes text nodes, a class, and the fill through CSSOM
 * (strict `style-src` CSP allows that, not a `style` attribute).
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
 * @csspart indicator - The fill: money raised.
 * @csspart matched - The second fill, stacked after the first: money matched (hatched).
 * @csspart label - The campaign title.
 * @csspart value - Percent and "raised of goal".
 * @csspart rescues - Whole rescues funded; before the first, how far to it.
 * @csspart donors - Donor count.
 * @csspart match - "$1,200 matched by …" (only with matched money).
 * @csspart match-left - "$3,800 of match left" (only while the match window is open and money is left in it).
 * @csspart countdown - Time left until the campaign's `endsAt`, then "Ended" (only with a deadline).
 * @csspart message - Loading, "be the first", goal-reached or error text (and the Retry button).
 *
 * @cssproperty [--indicator-color=var(--rescue-color-accent, #b3261e)] - Fill colour.
 * @cssproperty [--matched-color=var(--rescue-color-matched, #3b88b0)] - Stripes of the matched fill (the default is >= 3:1 on both the
 *   default and the documented dark track).
 * @cssproperty [--track-color=var(--rescue-color-track, #ece6e1)] - Inside of the tube, also the skeleton's.
 * @cssproperty [--size=1.25rem] - Thickness of the tube or bar.
 * @cssproperty [--rescue-color-border=#767676] - Global token: the tube's outline (>= 3:1 on the surface, so an empty tube shows).
 * @cssproperty [--rescue-color-on-surface=inherit] - Global token: text colour (pair of `--rescue-color-surface`).
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=999px] - Global token: corner radius of the tube.
 *
 * @fires {RescueProgressEvent} rescue-progress - Progress arrived; `detail` is the progress.
 * @fires {RescueGoalReachedEvent} rescue-goal-reached - Once per campaign when raised (plus matched) first reaches the goal.
 */
export class RescueThermometer extends ReactiveElement {
  static override styles = styles;
  // `static properties` instead of decorators: the same API without the decorator helpers (~450 B gz).
  // Fields are `declare`d so no class-field semantics (TS, esbuild, Vite's oxc) can shadow Lit's accessors.
  static override properties = {
    ...FEED_PROPERTIES,
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
  /** The feed's last document as it arrived: re-read once the giving-day module can check its giving-day fields. */
  #raw?: unknown;
  #feed: ProgressFeed<Progress, 'progress'> = new ProgressFeed(
    this,
    'progress',
    { ...PROGRESS, parse: (raw) => (gd ? gd.parseGivingDay : parseProgress)((this.#raw = raw)) },
    (p, raw = this.#raw) => {
      // Giving-day fields were dropped (no module yet to check them): load it, then show the newest document.
      // Only while it is still the newest document and of the campaign asked for (not one loaded before a switch).
      if (p && !gd && hasGivingDay(raw)) void loadGivingDay().then(() => raw == this.#raw && p.campaign == this.campaign && this.#feed.show(gd ? gd.parseGivingDay(raw) : p));
      else this.#feed.show(p);
    },
  );
  #styled = false;
  #celebrated?: string;
  #valueText?: string | undefined;
  #shown?: string | undefined;
  /** The shown campaign has reached its goal (raised + matched); a live update got it there (celebrate). */
  #won = false;
  #yay = false;
  /** The countdown's milestone stage last shown (see `countdown`), and the one countdown / match-window timer. */
  #stage = 0;
  #timer?: ReturnType<typeof setTimeout>;
  // The fixed shadow tree, built once in createRenderRoot.
  #base!: HTMLElement;
  #track!: HTMLElement;
  /**
   * The text nodes' elements, in this order: title, "Goal $9,000" (beside the top of the tube), the
   * percent (bold) and "$4,200 of $9,000 raised", rescues, donors, matched, match left, countdown.
   */
  #texts!: HTMLElement[];
  #message!: HTMLElement;
  /** Polite live region (visually hidden) announcing new totals and countdown milestones. */
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
    base.className = 'sk';
    const lines = (parts: string[]) => parts.map((part) => add(base, 'p', part));
    const top = lines(['label', 'goal']);
    const track = (this.#track = add(base, 'div', 'track'));
    add(track, 'div', 'indicator');
    add(track, 'div', 'matched');
    const value = add(base, 'p', 'value');
    this.#texts = [...top, add(value, 'b'), add(value, 'span'), ...lines(['rescues', 'donors', 'match', 'match-left', 'countdown'])];
    this.#message = add(base, 'div', 'message');
    const live = (this.#live = add(base, 'div'));
    live.className = 'sr';
    live.setAttribute('aria-live', 'polite');
    this.#button.onclick = () => this.#feed.load();
    return root;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    this.#feed.watch(changed);
  }

  // An update waits for what it needs (once each): a progress with giving-day fields for the giving-day
  // module, so it is never first shown without its match; Korean for its words, so a Korean page never
  // shows English ones. A failed load renders without it (English words) and the next update tries again.
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loads = [!gd && hasGivingDay(this.progress) && loadGivingDay(), !ko && needsBuiltIn(this, KEY, 'ko') && loadKo()];
    return loads.some(Boolean) ? Promise.all(loads).then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    clearTimeout(this.#timer);
    const p = this.progress;
    // Without the giving-day module, no giving-day word is ever asked for.
    const [locale, t] = localize<ThermometerStrings>(this, KEY, { en: (gd?.en ?? en) as ThermometerStrings, ko });
    const num = (n: number) => n.toLocaleString(locale);
    const i = this.#internals;
    let state = this.#feed.failed ? 'err' : 'sk';
    /** Percent of the goal raised, and raised + matched (the fill's end, the progressbar's value). */
    let raisedPct = 0;
    let pct = 0;
    /** Each text element's text; one left out is emptied (`textContent = undefined` is ''). */
    let texts: string[] = [];
    /** Scale step, a fraction of the goal: a tick per rescue when the goal holds 10 or fewer, else only the goal's. Without progress
     *  it stays undefined: `--_t:undefined` is no number, so the scale's gradient is invalid and none is drawn. */
    let tick: number | undefined;
    let valueText;
    let announce;
    if (p) {
      const money = (n: number) => formatAmount(n, p.currency, locale);
      // Without the giving-day module: no matched money, no giving-day lines, no timer.
      const { matched = 0, lines = [], stage = 0, wait } = gd?.givingDay(p, Date.now(), locale, t, money) ?? {};
      const total = p.raised + matched;
      const won = total >= p.goal;
      const raised = money(p.raised);
      const goal = money(p.goal);
      const n = p.rescuesFunded;
      // The one timer: the countdown's next minute or the match window's next edge.
      if (wait && this.isConnected) this.#timer = setTimeout(() => this.requestUpdate(), wait);
      raisedPct = percentOf(p.raised, p.goal);
      pct = percentOf(total, p.goal);
      valueText = matched ? t.valueMatched(raised, money(matched), goal, n, num(n)) : t.valueText(raised, goal, n, num(n));
      tick = p.rescueCost > 0 && p.goal <= p.rescueCost * 10 ? p.rescueCost / p.goal : 1;
      texts = [p.title, t.goalMark(goal), pct + '%', ' ' + t.raised(raised, goal), n || !p.rescueCost ? t.rescues(n, num(n)) : t.firstRescue(raised, money(p.rescueCost)), t.donors(p.donors, num(p.donors)), ...lines];
      // Announce live changes only (not the first load, not a switch of campaign): a new total, a countdown milestone.
      if (p.campaign == this.#shown) {
        if (valueText != this.#valueText) announce = valueText;
        if (stage > this.#stage) announce = lines[2];
        // Reaching the goal: celebrate (its keyframes are giving-day styles; loaded once, even on a plain campaign).
        if (won && !this.#won) (this.#yay = true), gd || loadGivingDay().then(() => this.requestUpdate());
      } else this.#yay = false;
      this.#won = won;
      this.#stage = stage;
      state = won ? 'won' : p.raised > 0 ? '' : 'empty';
    }
    if (gd && !this.#styled) (this.#styled = true), adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof ReactiveElement).elementStyles, gd.givingDayStyles]);
    if (announce) this.#live.textContent = announce;
    this.#valueText = valueText;
    this.#shown = p?.campaign;
    this.#base.className = this.#yay ? state + ' yay' : state;
    this.#texts.forEach((el, k) => (el.textContent = texts[k]!));
    if (state == 'err') (this.#button.textContent = t.retry), this.#message.replaceChildren(t.error + ' ', this.#button, this.#slot);
    else this.#message.textContent = state == 'won' ? t.goal : state == 'empty' ? t.first : state && t.loading;
    // CSSOM, not a style attribute: allowed under a strict style-src CSP. Both fills read them.
    // (Through the declaration block's cssText, which is CSSOM too, in one write.)
    this.#track.style.cssText = `--_p:${raisedPct / 100};--_m:${pct / 100};--_t:${tick}`;
    i.role = p || !this.#feed.failed ? 'progressbar' : null;
    i.ariaLabel = p ? p.title : t.loading;
    i.ariaValueNow = p ? pct + '' : null;
    i.ariaValueText = valueText ?? null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const p = this.progress;
    if (p && changed.has('progress')) {
      /** @ignore documented as `@fires` above */
      this.dispatchEvent(new RescueProgressEvent(p));
      if (this.#won && this.#celebrated != p.campaign) {
        this.#celebrated = p.campaign;
        /** @ignore documented as `@fires` above */
        this.dispatchEvent(new RescueGoalReachedEvent(p));
      }
    }
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
