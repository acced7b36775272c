import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { TeamsFeed } from '@rescuekit/schema';
import { defineRescueLeaderboard, type RescueLeaderboard } from '@rescuekit/widgets';
import { fundraisers, teams as demoTeams } from '../packages/widgets/src/test-support/fixtures.js';
import { applyPalette, dark } from '../packages/widgets/src/test-support/palettes.js';

defineRescueLeaderboard();

type Args = {
  feed?: TeamsFeed;
  kind?: 'teams' | 'fundraisers';
  limit?: number;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  /** Width of the column the board sits in. */
  width: string;
  endpoint?: string;
  campaign?: string;
  live?: boolean;
  dark?: boolean;
};

const teams: TeamsFeed = demoTeams;

/** The column the board sits in, through CSSOM (as a strict-CSP host's stylesheet would): its width, and the dark palette. */
const frame = (width: string, isDark?: boolean) => (el?: Element) => {
  if (!(el instanceof HTMLElement)) return;
  el.removeAttribute('style');
  if (isDark) applyPalette(el, dark), (el.style.padding = '1rem');
  el.style.maxWidth = width;
};

const meta: Meta<Args> = {
  title: 'Elements/rescue-leaderboard',
  component: 'rescue-leaderboard',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `The teams of a campaign side by side, ranked by what they raised: each with raised of goal, a bar and rescues funded,
under the campaign's own title and total. Point it at a movement or a region (in the demo, \`the-hundred\`); \`limit\` says how many rows to show
and holds their room so your page does not move. With \`kind="fundraisers"\` it ranks the supporters' own fundraising pages instead.
With \`live\` it re-ranks as gifts arrive. Only team and page titles are shown, never a donor.`,
      },
    },
  },
  // Stories give data through the `feed` property: none touches the network ("Show code" names the demo endpoint).
  render: ({ feed, kind, limit, lang, dir, width, endpoint, campaign, live, dark: isDark }) => html`
    <div ${ref(frame(width, isDark))} dir=${dir ?? nothing}>
      <rescue-leaderboard .feed=${feed} kind=${kind ?? nothing} limit=${limit ?? nothing} lang=${lang ?? nothing} endpoint=${endpoint ?? nothing} campaign=${campaign ?? nothing} ?live=${live}>
        <a href="https://example.org/teams">See every Rescue Team</a>
      </rescue-leaderboard>
    </div>
  `,
  args: { feed: teams, limit: 3, width: '40rem' },
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

/** No data yet: room for `limit` rows is held, so the page does not move when they arrive. */
export const Loading: Story = { args: { feed: undefined } };

/** The campaign has no teams (or only archived ones): its own title and total, and "No teams yet." */
export const Empty: Story = { args: { feed: { ...teams, teams: [], count: 0 } } };

/** The endpoint could not be read: a message, Retry, and your fallback link. */
// The endpoint is a `data:` URL that answers at once with something that is not a teams feed: no network request.
export const Error: Story = { args: { feed: undefined, endpoint: 'data:text/plain,', campaign: 'the-hundred' } };

/** 165 teams, the first 3 shown; the endpoint serves the last totals it knew. */
export const FirstOfManyAndStale: Story = {
  args: { feed: { ...teams, count: 165, campaign: { ...teams.campaign, stale: true } } },
};

/** What a `live` board looks like as gifts arrive: Harbor climbs; each move up is announced (at most once in 10 s). */
export const Live: Story = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<RescueLeaderboard>('rescue-leaderboard')!;
    const timer = setInterval(() => {
      const f = el.feed;
      if (!el.isConnected || !f) return clearInterval(timer);
      const list = f.teams.map((t) => (t.campaign == 'rescue-team-harbor' ? { ...t, raised: t.raised + 45_000, rescuesFunded: Math.floor((t.raised + 45_000) / 300_000) } : t));
      list.sort((a, b) => b.raised - a.raised);
      el.feed = { ...f, teams: list };
      if (list[0]!.campaign == 'rescue-team-harbor') clearInterval(timer);
    }, 2_000);
  },
};

export const Korean: Story = { args: { lang: 'ko' } };

/**
 * `kind="fundraisers"`: the supporters' own fundraising pages, ranked in the same table (12 pages, the
 * first 3 shown). Set `lang` to `ko` for the Korean words.
 */
export const Fundraisers: Story = { args: { kind: 'fundraisers', feed: fundraisers } };

/** The documented dark palette (README, "Theming"): tokens in pairs. */
export const Dark: Story = { args: { dark: true } };

export const RightToLeft: Story = { args: { dir: 'rtl' } };

/** A 320 px column: headers wrap, amounts stack over their bars; nothing scrolls sideways. */
export const Narrow: Story = { args: { width: '320px' } };
