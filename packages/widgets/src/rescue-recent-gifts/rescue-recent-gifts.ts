import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { formatAmount, type RecentGifts } from '@rescuekit/schema';
import { defineElement } from '../base/define.js';
import { add } from '../base/dom.js';
import { localize, watchLang } from '../i18n/locale.js';
import { FEED_PROPERTIES, ProgressFeed } from '../feed/progress-feed.js';
import { coarseTime, parseRecent } from '../feed/recent.js';
import { GiftAnnouncer } from './gift-announcer.js';
import { strings, type RecentGiftsStrings } from './rescue-recent-gifts.strings.js';
import { styles } from './rescue-recent-gifts.styles.js';

/** Words re-read this often, so "this hour" becomes "today" on a page left open. */
const REFRESH_MS = 300_000;

/**
 * The last gifts of a campaign and its teams, as a list: amount, what it was (online, monthly,
 * or an offline gift's category such as "bake sale"), the team it went to, and a coarse time
 * ("this hour", "today", "yesterday"; never minutes). Anonymous by construction: the endpoint
 * sends no name, email, city or note, and the element keeps only the contract's fields even if
 * one were sent. Loaded from `GET …/recent?limit=N` and, with `live`, kept current by the
 * campaign's event stream (`…/events?recent=N`).
 *
 * Built on `ReactiveElement` with a hand-built shadow tree (as <rescue-leaderboard>), to stay
 * within its 9 KB budget. New gifts are announced by a polite live region ("2 new gifts"), at
 * most once in 15 seconds. Room for `limit` gifts is held in every state, so nothing moves.
 *
 * @customElement rescue-recent-gifts
 * @summary Anonymous ticker of a campaign's recent gifts: amount, team, coarse time; live updates.
 *
 * @slot - No-JS fallback, e.g. `<a href="…">Give now</a>`. Shown again beside Retry in the error state.
 *
 * @attr endpoint - Base URL of the rescuekit endpoint. Defaults to `setDefaultEndpoint()`, then
 *   `<meta name="rescuekit:endpoint">`, then the page's own origin.
 * @attr campaign - The campaign's id: its gifts and its teams' gifts are listed.
 * @attr {number} limit - How many gifts to show, 1–50. Default 5.
 * @attr {boolean} live - Keep the list current (Server-Sent Events, falling back to polling every 15 s).
 * @attr {boolean} hide-amounts - Show "A gift" instead of each amount (for small teams, where an amount can tell who gave).
 * @attr lang - Locale for words, money and times; inherited from the nearest `[lang]` ancestor or `<html lang>`.
 *
 * @csspart base - The wrapper; holds room for `limit` gifts.
 * @csspart title - The heading ("Recent gifts"), which names the list.
 * @csspart list - The list of gifts.
 * @csspart gift - One gift.
 * @csspart amount - A gift's amount (or "A gift" with `hide-amounts`).
 * @csspart what - What the gift was: online, monthly, or an offline category.
 * @csspart meta - The team and the coarse time.
 * @csspart note - Loading, empty, or the error with Retry.
 *
 * @cssproperty [--rescue-color-border=#767676] - Global token: the rules between gifts.
 * @cssproperty [--rescue-color-on-surface=inherit] - Global token: text colour.
 * @cssproperty [--rescue-color-error=#b3261e] - Global token: the error message.
 * @cssproperty [--rescue-color-focus=#1a56db] - Global token: focus ring.
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 */
export class RescueRecentGifts extends ReactiveElement {
  static override styles = styles;
  static override properties = {
    ...FEED_PROPERTIES,
    limit: { type: Number },
    hideAmounts: { type: Boolean, attribute: 'hide-amounts' },
    feed: { attribute: false },
  };

  /** Base URL of the rescuekit endpoint (attribute `endpoint`). */
  declare endpoint?: string;
  /** The campaign's id (attribute `campaign`). */
  declare campaign?: string;
  /** How many gifts to show (attribute `limit`), 1–50, default 5. */
  declare limit: number;
  /** Keep the list current while connected (attribute `live`). */
  declare live?: boolean;
  /** Hide every amount (attribute `hide-amounts`). */
  declare hideAmounts?: boolean;
  /** The recent-gifts feed. Set by the element after loading; set it yourself to render without a network. */
  declare feed?: RecentGifts | undefined;

  #loader = new ProgressFeed<RecentGifts, 'feed'>(
    this,
    'feed',
    { urls: (base) => [`${base}/recent?limit=${this.#rows()}`, `${base}/events?recent=${this.#rows()}`], event: 'recent', parse: parseRecent },
  );
  #announcer = new GiftAnnouncer((n) => {
    const [locale, t] = this.#words();
    this.#live.textContent = t.fresh(n, n.toLocaleString(locale));
  });
  #timer?: ReturnType<typeof setInterval>;
  #base!: HTMLElement;
  #title!: HTMLElement;
  #list!: HTMLElement;
  #note!: HTMLElement;
  #text!: HTMLElement;
  #live!: HTMLElement;
  #button = document.createElement('button');
  #slot = document.createElement('slot');

  constructor() {
    super();
    this.limit = 5;
    watchLang(this);
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const base = (this.#base = add(root, 'div', 'base'));
    const title = (this.#title = add(base, 'p', 'title'));
    title.id = 't';
    this.#list = add(base, 'ul', 'list');
    this.#list.setAttribute('aria-labelledby', 't');
    this.#note = add(base, 'p', 'note');
    this.#text = add(this.#note, 'span');
    const live = (this.#live = add(base, 'p'));
    live.className = 'sr';
    live.setAttribute('aria-live', 'polite');
    this.#button.onclick = () => this.#loader.load();
    return root;
  }

  /** `limit` as a whole number of gifts, 1–50. */
  #rows(): number {
    return Math.min(50, Math.max(1, Math.floor(this.limit) || 5));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => this.requestUpdate(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#announcer.stop();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    this.#loader.watch(changed);
    if (changed.has('feed') && this.feed) this.#announcer.hear(this.feed.campaign, this.feed.gifts);
  }

  #words(): [string, RecentGiftsStrings] {
    return localize(this, 'rescue-recent-gifts', strings);
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const [locale, t] = this.#words();
    const gifts = this.feed?.gifts.slice(0, this.#rows()) ?? [];
    const state = this.feed ? (gifts.length ? 'ok' : 'empty') : this.#loader.failed ? 'err' : 'sk';
    this.#base.className = state;
    this.#base.style.setProperty('--_rows', this.#rows() + '');
    this.#title.textContent = t.title;
    this.#text.textContent = state == 'sk' ? t.loading : state == 'empty' ? t.empty : state == 'err' ? t.error : '';
    this.#button.textContent = t.retry;
    this.#note.replaceChildren(this.#text, ...(state == 'err' ? [' ', this.#button, this.#slot] : []));
    const items = this.#list.children;
    while (items.length > gifts.length) items[items.length - 1]!.remove();
    while (items.length < gifts.length) {
      const li = add(this.#list, 'li', 'gift');
      add(li, 'span', 'amount');
      add(li, 'span', 'what');
      add(li, 'span', 'meta');
    }
    gifts.forEach((g, i) => {
      const [amount, what, meta] = items[i]!.children as unknown as HTMLElement[];
      amount!.textContent = this.hideAmounts ? t.aGift : formatAmount(g.amount, g.currency, locale);
      what!.textContent = g.category ? t.categories[g.category] : t.kinds[g.kind];
      meta!.textContent = t.meta(g.team, coarseTime(g.when, locale));
    });
  }
}

/**
 * Registers the element as `name` (default `rescue-recent-gifts`); does nothing if that name is
 * already defined. Use a scoped name when another copy owns the default one.
 */
export function defineRescueRecentGifts(name = 'rescue-recent-gifts'): CustomElementConstructor {
  return defineElement(name, RescueRecentGifts);
}
