import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import { formatAmount, percentOf, type TeamsFeed } from '@rescuekit/schema';
import { RescueTeamsEvent } from '../events/rescue-teams.js';
import { defineElement } from '../base/define.js';
import { add } from '../base/dom.js';
import { resolveEndpoint } from '../base/endpoint.js';
import { localize, watchLang } from '../i18n/locale.js';
import { FEED_PROPERTIES, ProgressFeed, type FeedKind } from '../feed/progress-feed.js';
import { parseTeams } from '../feed/teams.js';
import { RankAnnouncer } from './rank-announcer.js';
import { strings, type LeaderboardStrings } from './rescue-leaderboard.strings.js';
import { styles } from './rescue-leaderboard.styles.js';

/** What the shared loader already reloads on (a `kind` change with one of these loads once). */
const RELOADS = ['endpoint', 'campaign', 'live', 'limit'] as const;

/**
 * The teams of a campaign side by side: its direct children ranked by raised, each with raised
 * of goal, a small bar and rescues funded, under a caption with the campaign's own title and
 * total. Loaded from a rescuekit endpoint (`GET …/teams?limit=N`) and, with `live`, kept
 * current by the campaign's event stream (`…/events?teams=N`, which sends `teams` frames
 * only to clients that ask for them). Anonymous by construction: a team's title and totals,
 * never a donor's name.
 *
 * With `kind="fundraisers"` it ranks the campaign's approved personal fundraising pages instead, read
 * the same way (`…/fundraisers?limit=N`, `fundraisers` frames from `…/events?fundraisers=N`), each under
 * its page's title. `teams` stays the default, so boards embedded before `kind` existed rank teams.
 *
 * Why a `ReactiveElement` with a hand-built shadow tree (as <rescue-thermometer>), not a
 * `LitElement` template: the budget is 9 KB gzipped with Lit, and lit-html costs ~2 KB of it.
 * The tree is built once; `update()` writes text, adds or removes rows, and sets the bars through
 * CSSOM (a strict `style-src` CSP allows that, not a `style` attribute).
 *
 * Each team's title links to its hosted page (`/c/<id>` on the same endpoint, a fundraiser's page for
 * `kind="fundraisers"`). A row belongs to its team: when a live update re-ranks the teams, rows move
 * rather than being rewritten, so a team's link that has focus keeps it wherever its row goes.
 *
 * A real table (caption, column headers, a row header per team). When a live update moves a
 * team up, a polite live region says so, at most once in 10 seconds (changes in between are
 * gathered into the next announcement). On a column too narrow for the table it scrolls, and
 * the scrolling region becomes focusable and named by the caption.
 *
 * Room for `limit` rows is held in every state (loading, empty, error, loaded), so the page
 * does not move when the teams arrive: pick a `limit` near the number of teams you expect.
 *
 * @customElement rescue-leaderboard
 * @summary Leaderboard of a campaign's teams (or fundraisers): ranked, raised of goal, rescues funded; live updates.
 *
 * @slot - No-JS fallback, e.g. `<a href="…/teams">See the teams</a>`. Shown again beside Retry in the error state.
 *
 * @attr endpoint - Base URL of the rescuekit endpoint. Defaults to `setDefaultEndpoint()`, then
 *   `<meta name="rescuekit:endpoint">`, then the page's own origin.
 * @attr campaign - The parent campaign's id, e.g. `the-hundred`: its direct children (or its fundraisers) are ranked.
 * @attr {'teams' | 'fundraisers'} kind - What is ranked: `teams` (the default), the campaign's direct
 *   children, or `fundraisers`, its supporters' personal fundraising pages. Any other value is `teams`.
 * @attr {number} limit - How many teams (or fundraisers) to show, 1–100. Default 10.
 * @attr {boolean} live - Keep the ranking current (Server-Sent Events, falling back to polling every 15 s).
 * @attr lang - Locale for words and money; inherited from the nearest `[lang]` ancestor or `<html lang>`, and
 *   followed live (`en`, `ko`, or a language added with `registerStrings`).
 *
 * @csspart base - The wrapper; holds room for `limit` rows.
 * @csspart head - Above the table: the title and total while there is no table (loading, empty), or the error and Retry.
 * @csspart scroll - The table's scrolling box (focusable, named by the caption, only while it overflows).
 * @csspart table - The table.
 * @csspart caption - The table's caption: the parent campaign's title and total.
 * @csspart label - The parent campaign's title.
 * @csspart total - The parent campaign's "raised of goal".
 * @csspart row - One team's row.
 * @csspart rank - The rank column (header and cells).
 * @csspart team - A team's title (its row header).
 * @csspart link - The link in a team's title to its hosted page.
 * @csspart raised - A team's "raised of goal" cell, holding its bar.
 * @csspart track - The bar's empty part.
 * @csspart indicator - The bar's fill.
 * @csspart rescues - A team's rescues funded.
 * @csspart note - Under the head: loading or "no teams yet".
 * @csspart message - At the foot of the reserved room: "top 10 of N teams" and the stale notice.
 *
 * @cssproperty [--indicator-color=var(--rescue-color-accent, #b3261e)] - Bar fill.
 * @cssproperty [--track-color=var(--rescue-color-track, #ece6e1)] - Bar's empty part, also the skeleton's.
 * @cssproperty [--rescue-color-border=#767676] - Global token: the bar's outline and the row rules.
 * @cssproperty [--rescue-color-on-surface=inherit] - Global token: text colour (pair of `--rescue-color-surface`).
 * @cssproperty [--rescue-color-focus=#1a56db] - Global token: focus ring.
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=999px] - Global token: corner radius of the bars.
 *
 * @fires {RescueTeamsEvent} rescue-teams - The ranking arrived (first load or a live frame); `detail` is the feed of
 *   the board's `kind`: the teams, or with `kind="fundraisers"` the fundraisers (same shape).
 */
export class RescueLeaderboard extends ReactiveElement {
  static override styles = styles;
  // `static properties`, not decorators; fields `declare`d (see <rescue-thermometer>).
  static override properties = {
    ...FEED_PROPERTIES,
    kind: {},
    limit: { type: Number },
    feed: { attribute: false },
  };

  /** Base URL of the rescuekit endpoint (attribute `endpoint`). */
  declare endpoint?: string;
  /** The parent campaign's id (attribute `campaign`). */
  declare campaign?: string;
  /** `teams` (default) or `fundraisers` (attribute `kind`): what is ranked; any other value is `teams`. */
  declare kind: 'teams' | 'fundraisers';
  /** How many teams to show (attribute `limit`), 1–100, default 10. */
  declare limit: number;
  /** Keep the ranking current while connected (attribute `live`). */
  declare live?: boolean;
  /** The teams (or fundraisers) feed. Set by the element after loading; set it yourself to render without a network. */
  declare feed?: TeamsFeed | undefined;

  /** What the loader reads: `teams` or `fundraisers` name the GET's path, the stream's query and its event alike (set from `kind` before each update). */
  #source: FeedKind<TeamsFeed> = {
    urls: (base) => [`${base}/${this.#source.event}?limit=${this.#rows()}`, `${base}/events?${this.#source.event}=${this.#rows()}`],
    event: 'teams',
    parse: parseTeams,
  };
  #loader = new ProgressFeed<TeamsFeed, 'feed'>(this, 'feed', this.#source);
  #announcer = new RankAnnouncer((moved) => {
    const [locale, t] = this.#words();
    // Written only when there is news: rewriting the same text can make a screen reader repeat it.
    this.#live.textContent = moved.map(([title, rank]) => t.movedUp(title, rank.toLocaleString(locale))).join('. ');
  });
  // The fixed shadow tree, built once in createRenderRoot.
  #base!: HTMLElement;
  /** Title and total while there is no table (a paragraph), or the error and Retry. */
  #head!: HTMLElement;
  #label!: HTMLElement;
  #total!: HTMLElement;
  /** "Loading teams…" or "No teams yet." */
  #note!: HTMLElement;
  #scroll!: HTMLElement;
  #captionLabel!: HTMLElement;
  #captionTotal!: HTMLElement;
  #columns!: HTMLElement[];
  #rowsBody!: HTMLElement;
  /** Each shown team's row, by campaign id: a row follows its team when the ranking changes. */
  #rowOf = new Map<string, HTMLElement>();
  #message!: HTMLElement;
  /** Polite live region (visually hidden) announcing teams that move up. */
  #live!: HTMLElement;
  #button = document.createElement('button');
  #slot = document.createElement('slot');

  constructor() {
    super();
    this.kind = 'teams';
    this.limit = 10;
    watchLang(this);
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    const base = (this.#base = add(root, 'div', 'base'));
    const head = (this.#head = add(base, 'p', 'head'));
    this.#label = add(head, 'span', 'label');
    this.#total = add(head, 'span', 'total');
    this.#note = add(base, 'p', 'note');
    const table = add((this.#scroll = add(base, 'div', 'scroll')), 'table', 'table');
    const caption = add(table, 'caption', 'caption');
    caption.id = 'caption';
    this.#captionLabel = add(caption, 'span', 'label');
    caption.append(' ');
    this.#captionTotal = add(caption, 'span', 'total');
    const headRow = add(add(table, 'thead'), 'tr');
    this.#columns = ['rank', '', '', 'rescues'].map((part) => {
      const th = add(headRow, 'th', part);
      th.setAttribute('scope', 'col');
      return th;
    });
    this.#rowsBody = add(table, 'tbody');
    this.#message = add(base, 'p', 'message');
    const live = (this.#live = add(base, 'p'));
    live.className = 'sr';
    live.setAttribute('aria-live', 'polite');
    this.#button.onclick = () => this.#loader.load();
    // Re-checked whenever the box changes width: the scroller is focusable only while it scrolls.
    new ResizeObserver(() => this.#fit()).observe(this);
    return root;
  }

  /** `limit` as a whole number of rows, 1–100. */
  #rows(): number {
    return Math.min(100, Math.max(1, Math.floor(this.limit) || 10));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#announcer.stop();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    this.#source.event = this.kind == 'fundraisers' ? 'fundraisers' : 'teams';
    this.#loader.watch(changed);
    // Another kind is another list: the one shown goes at once (a team never stands under a fundraiser's
    // heading, unless both change in one update), and the new one loads.
    if (changed.get('kind') != null) {
      if (!changed.has('feed')) this.feed = undefined;
      if (!RELOADS.some((k) => changed.has(k))) this.#loader.load();
    }
    if (changed.has('feed')) this.#announcer.hear(this.feed);
  }

  /** The locale and the words of the board's kind (as of the last update): a fundraisers board's own words over the teams ones. */
  #words(): [string, LeaderboardStrings] {
    const [locale, t] = localize(this, 'rescue-leaderboard', strings);
    return [locale, this.#source.event == 'fundraisers' ? { ...t, ...t.fundraisers } : t];
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    const [locale, t] = this.#words();
    const f = this.feed;
    const p = f?.campaign;
    const teams = f?.teams ?? [];
    const state = f ? (teams.length ? 'ok' : 'empty') : this.#loader.failed ? 'err' : 'sk';
    const money = (n: number) => formatAmount(n, p!.currency, locale);
    const num = (n: number) => n.toLocaleString(locale);
    this.#base.className = state;
    // CSSOM, not a style attribute: allowed under a strict style-src CSP.
    this.#base.style.setProperty('--_rows', this.#rows() + '');
    this.#captionLabel.textContent = p ? p.title : '';
    this.#total.textContent = this.#captionTotal.textContent = p ? t.total(money(p.raised), money(p.goal)) : '';
    // The error on a line of its own (the label's), Retry and the fallback link under it.
    this.#label.textContent = state == 'err' ? t.error : this.#captionLabel.textContent;
    this.#button.textContent = t.retry;
    this.#head.replaceChildren(this.#label, ' ', ...(state == 'err' ? [this.#button, this.#slot] : [this.#total]));
    this.#note.textContent = state == 'sk' ? t.loading : state == 'empty' ? t.empty : '';
    [t.rank, t.team, t.raised, t.rescues].forEach((text, i) => (this.#columns[i]!.textContent = text));
    const body = this.#rowsBody;
    const root = this.renderRoot as ShadowRoot;
    const focused = root.activeElement as HTMLElement | null;
    const rows = teams.map((team) => this.#rowOf.get(team.campaign) ?? this.#row(team.campaign));
    for (const [id, row] of this.#rowOf) if (!rows.includes(row)) row.remove(), this.#rowOf.delete(id);
    const base = resolveEndpoint(this, this.endpoint);
    rows.forEach((row, i) => {
      const team = teams[i]!;
      // In rank order, moving only rows out of place (moveBefore keeps a focused link focused where it exists).
      const at = body.children[i];
      if (at != row) row.isConnected && 'moveBefore' in body ? (body as unknown as { moveBefore(n: Node, c: Node | null): void }).moveBefore(row, at ?? null) : body.insertBefore(row, at ?? null);
      const [rank, title, raised, rescues] = row.children as unknown as HTMLElement[];
      const link = title!.firstChild as HTMLAnchorElement;
      rank!.textContent = num(i + 1);
      link.textContent = team.title;
      link.href = `${base}/c/${encodeURIComponent(team.campaign)}`;
      raised!.firstChild!.textContent = t.raisedOf(money(team.raised), money(team.goal));
      const fill = (raised!.lastChild!.firstChild as HTMLElement).style;
      fill.setProperty('--_p', percentOf(team.raised, team.goal) / 100 + '');
      // Any money raised shows: the fill is never shorter than the bar is thick (see the styles).
      fill.setProperty('--_z', team.raised > 0 ? '1' : '0');
      rescues!.textContent = num(team.rescuesFunded);
    });
    // Where moving a row took focus away (no moveBefore), it goes back to the same team's link.
    if (focused?.isConnected && root.activeElement != focused) focused.focus();
    const shown = f && f.count > teams.length ? t.shown(f.count, num(teams.length), num(f.count)) : '';
    this.#message.textContent = [p?.stale ? t.stale : '', shown].filter(Boolean).join(' ');
    this.#fit();
  }

  /** A new, empty row for team `id` (placed by the caller): rank, title (the row header, a link), raised of goal with its bar, rescues. */
  #row(id: string): HTMLElement {
    const tr = document.createElement('tr');
    tr.setAttribute('part', 'row');
    this.#rowOf.set(id, tr);
    add(tr, 'td', 'rank');
    const team = add(tr, 'th', 'team');
    team.setAttribute('scope', 'row');
    // A supporter's page title may be right-to-left: isolated, it never reorders the numbers beside it.
    team.setAttribute('dir', 'auto');
    add(team, 'a', 'link');
    const raised = add(tr, 'td', 'raised');
    raised.append('');
    add(add(raised, 'div', 'track'), 'div', 'indicator');
    add(tr, 'td', 'rescues');
    return tr;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('feed') && this.feed) {
      /** @ignore documented as `@fires` above */
      this.dispatchEvent(new RescueTeamsEvent(this.feed));
    }
  }

  /** Makes the table's scroller a named, focusable region while the table is wider than it. */
  #fit(): void {
    const scroll = this.#scroll;
    const wide = scroll.scrollWidth > scroll.clientWidth + 1;
    for (const [name, value] of [['tabindex', '0'], ['role', 'region'], ['aria-labelledby', 'caption']] as const) {
      if (wide) scroll.setAttribute(name, value);
      else scroll.removeAttribute(name);
    }
  }
}

/**
 * Registers the element as `name` (default `rescue-leaderboard`); does nothing if that name is
 * already defined. Use a scoped name when another copy owns the default one.
 */
export function defineRescueLeaderboard(name = 'rescue-leaderboard'): CustomElementConstructor {
  return defineElement(name, RescueLeaderboard);
}
