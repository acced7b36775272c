import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import type { Progress } from '@rescuekit/schema';
import { defineRescueThermometer } from '@rescuekit/widgets';
import { demo as demoProgress } from '../packages/widgets/src/test-support/fixtures.js';

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
  // Data comes through the `progress` property: no story touches the network.
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

/**
 * Loading failed: a message, Retry, and the no-JS fallback link. The endpoint is a
 * `data:` URL that answers at once with something that is not progress JSON,
 * so the error state shows without any network request.
 */
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
