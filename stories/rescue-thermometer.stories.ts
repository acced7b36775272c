import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { Progress } from '@rescuekit/schema';
import { defineRescueThermometer } from '@rescuekit/widgets';
import { demo as demoProgress } from '../packages/widgets/src/test-support/fixtures.js';
import { countdowns, matchedProgress, matchedReached, matchExhausted } from '../packages/widgets/src/test-support/giving-day.js';

defineRescueThermometer();

type Args = {
  progress?: Progress;
  variant: 'thermometer' | 'bar';
  lang?: string;
  endpoint?: string;
  campaign?: string;
  live?: boolean;
};

const demo: Progress = demoProgress;

const meta: Meta<Args> = {
  title: 'Elements/rescue-thermometer',
  component: 'rescue-thermometer',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `A campaign's progress toward its goal: raised of goal, rescues funded and the number of donors (never a name).
Give it your endpoint and the campaign's id; with \`live\` it moves as gifts arrive, without a reload.
\`variant="bar"\` draws a horizontal bar instead of the tube. On a giving day it also shows the matched money and a countdown.
Screen readers hear it as a progress bar with the amounts in words. **Show code** under each story gives the snippet to paste.`,
      },
    },
  },
  // Stories give data through the `progress` property: none touches the network ("Show code" names the demo endpoint).
  render: ({ progress, variant, lang, endpoint, campaign, live }) => html`
    <div style="max-width: 24rem">
      <rescue-thermometer
        .progress=${progress}
        variant=${variant}
        lang=${lang ?? nothing}
        endpoint=${endpoint ?? nothing}
        campaign=${campaign ?? nothing}
        ?live=${live}
      >
        <a href="https://example.org/give">Give to the Rescue Team</a>
      </rescue-thermometer>
    </div>
  `,
  args: { progress: demo, variant: 'thermometer' },
  argTypes: {
    variant: { control: 'inline-radio', options: ['thermometer', 'bar'] },
    lang: { control: 'inline-radio', options: ['en', 'ko'] },
    progress: { control: 'object' },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Loaded: Story = {};

/** No data yet: the skeleton reserves exactly the loaded box. */
export const Loading: Story = { args: { progress: undefined } };

export const Empty: Story = { args: { progress: { ...demo, raised: 0, donors: 0, rescuesFunded: 0 } } };

export const GoalReached: Story = { args: { progress: { ...demo, raised: 912_500, donors: 87, rescuesFunded: 3 } } };

/** The endpoint could not be read: a message, Retry, and your fallback link so visitors can still find the campaign. */
// The endpoint is a `data:` URL that answers at once with something that is not progress JSON: no network request.
export const Error: Story = { args: { progress: undefined, endpoint: 'data:text/plain,', campaign: 'rescue-team-demo' } };

export const Bar: Story = { args: { variant: 'bar', progress: { ...demo, campaign: 'the-hundred', title: 'The Hundred: 100 rescues to freedom', goal: 30_000_000, raised: 7_650_000, donors: 1_204, rescuesFunded: 25 } } };

export const Korean: Story = { args: { lang: 'ko' } };

export const KoreanWonCampaign: Story = {
  args: {
    lang: 'ko',
    progress: { ...demo, campaign: 'seoul-team', title: '서울 구출팀: 세 명의 구출', currency: 'krw', goal: 9_000_000, raised: 4_200_000, rescueCost: 3_000_000 },
  },
};

/** What a `live` thermometer looks like as gifts arrive: the total steps up every few seconds. */
export const LiveLook: Story = {
  args: { variant: 'bar' },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('rescue-thermometer')!;
    let raised = demo.raised;
    const timer = setInterval(() => {
      if (!el.isConnected || raised >= demo.goal) return clearInterval(timer);
      raised += 4_500;
      el.progress = { ...demo, raised, donors: el.progress!.donors + 1 };
    }, 2_000);
  },
};

/** A matching challenge, its window open now: a distinct, hatched second fill after the raised one. */
const openNow = (p: Progress): Progress => ({ ...p, match: { ...p.match!, startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString() } });

/** Giving day: $4,500 raised and $1,200 matched by the Kim Family Foundation, $3,800 of the match left. */
export const Matched: Story = { args: { progress: openNow(matchedProgress) } };

export const MatchedBar: Story = { args: { variant: 'bar', progress: openNow(matchedProgress) } };

export const MatchedKorean: Story = { args: { lang: 'ko', progress: openNow(matchedProgress) } };

/** The match is used up: the matched line stays, "of match left" goes. */
export const MatchExhausted: Story = { args: { progress: openNow(matchExhausted) } };

const deadlines = countdowns(Date.now());

/** A deadline (`endsAt`) more than a day away: days and hours. The countdown ticks once a minute. */
export const CountdownDays: Story = { args: { progress: openNow(deadlines.days) } };

/** Under a day: hours and minutes. */
export const CountdownHours: Story = { args: { progress: openNow(deadlines.hours) } };

/** Under an hour: minutes. */
export const CountdownMinutes: Story = { args: { variant: 'bar', progress: openNow(deadlines.minutes) } };

/** After the deadline. */
export const CountdownEnded: Story = { args: { progress: deadlines.ended } };

/**
 * A live update reaches the goal (raised + matched): the tube glows and the thank-you rises, once
 * (nothing moves under `prefers-reduced-motion: reduce`). A page loaded after the goal shows it still.
 */
export const GoalReachedCelebration: Story = {
  args: { progress: openNow(matchedProgress) },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('rescue-thermometer')!;
    setTimeout(() => el.isConnected && (el.progress = openNow(matchedReached)), 1_500);
  },
};
