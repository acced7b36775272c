import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { RecentGifts } from '@rescuekit/schema';
import { defineRescueRecentGifts, type RescueRecentGifts } from '@rescuekit/widgets';
import { hoursAgo, recentGifts } from '../packages/widgets/src/test-support/fixtures.js';
import { applyPalette, dark } from '../packages/widgets/src/test-support/palettes.js';

defineRescueRecentGifts();

type Args = {
  feed?: RecentGifts;
  limit?: number;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  width: string;
  endpoint?: string;
  campaign?: string;
  live?: boolean;
  /** The attribute's own name, so the Controls panel's `hide-amounts` toggle drives it. */
  'hide-amounts'?: boolean;
  dark?: boolean;
};

const gifts = recentGifts();

/** The column the list sits in, through CSSOM (as a strict-CSP host's stylesheet would). */
const frame = (width: string, isDark?: boolean) => (el?: Element) => {
  if (!(el instanceof HTMLElement)) return;
  el.removeAttribute('style');
  if (isDark) applyPalette(el, dark), (el.style.padding = '1rem');
  el.style.maxWidth = width;
};

const meta: Meta<Args> = {
  title: 'Elements/rescue-recent-gifts',
  component: 'rescue-recent-gifts',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `The latest gifts to a campaign and its teams: the amount, what it was (online, monthly, a bake sale…), the team and a coarse time
("this hour", "yesterday"). Never a name, an email, a city or a note. \`hide-amounts\` shows "A gift" instead of the amount, for a small team
where an amount could tell who gave. With \`live\` new gifts appear as they are counted.`,
      },
    },
  },
  // Stories give data through the `feed` property: none touches the network ("Show code" names the demo endpoint).
  render: ({ feed, limit, lang, dir, width, endpoint, campaign, live, 'hide-amounts': hideAmounts, dark: isDark }) => html`
    <div ${ref(frame(width, isDark))} dir=${dir ?? nothing}>
      <rescue-recent-gifts .feed=${feed} limit=${limit ?? nothing} lang=${lang ?? nothing} endpoint=${endpoint ?? nothing} campaign=${campaign ?? nothing} ?live=${live} ?hide-amounts=${hideAmounts}>
        <a href="https://example.org/give">Give to the Rescue Teams</a>
      </rescue-recent-gifts>
    </div>
  `,
  args: { feed: gifts, limit: 4, width: '28rem' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['en', 'ko'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    width: { control: 'text' },
    feed: { control: 'object' },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Loaded: Story = {};

/** No data yet: room for `limit` gifts is held, so the page does not move when they arrive. */
export const Loading: Story = { args: { feed: undefined } };

/** No counted gift yet. */
export const Empty: Story = { args: { feed: { ...gifts, gifts: [] } } };

/** The endpoint could not be read: a message, Retry and your fallback link. */
// A `data:` endpoint: no network request.
export const Error: Story = { args: { feed: undefined, endpoint: 'data:text/plain,', campaign: 'the-hundred' } };

/** `hide-amounts`, for a small team where an amount can tell who gave: "A gift" instead. */
export const HiddenAmounts: Story = { args: { 'hide-amounts': true } };

/** Offline gifts by their category (bake sale, concert, cheque, other), never by the recorder's note. */
export const OfflineCategories: Story = {
  args: {
    feed: {
      ...gifts,
      gifts: (['bake_sale', 'concert', 'cheque', 'other'] as const).map((category, i) => ({ amount: 1500 * (i + 1), currency: 'usd', team: 'Riverside Rescue Team', when: hoursAgo(i * 5), kind: 'offline' as const, category })),
    },
  },
};

/** What a `live` list looks like as gifts arrive (one every 3 s); new gifts are announced at most once in 15 s. */
export const Live: Story = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<RescueRecentGifts>('rescue-recent-gifts')!;
    let n = 0;
    const timer = setInterval(() => {
      const f = el.feed;
      if (!el.isConnected || !f || ++n > 5) return clearInterval(timer);
      el.feed = { ...f, gifts: [{ amount: 900 * n, currency: 'usd', team: 'Harbor Rescue Team', when: hoursAgo(0), kind: 'online' as const }, ...f.gifts].slice(0, 4) };
    }, 3_000);
  },
};

export const Korean: Story = { args: { lang: 'ko' } };

export const Dark: Story = { args: { dark: true } };

export const RightToLeft: Story = { args: { dir: 'rtl' } };

/** A 320 px column: long team names wrap; nothing scrolls sideways. */
export const Narrow: Story = { args: { width: '320px' } };
