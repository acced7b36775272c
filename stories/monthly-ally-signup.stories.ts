import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Progress } from '@rescuekit/schema';
import { defineMonthlyAllySignup, type CheckoutState, type MonthlyAllySignup } from '@rescuekit/widgets';
import { installStripeStandIn, json, stubFetch } from '../packages/widgets/src/test-support/checkout-stand-ins.js';
import { demo as demoProgress } from '../packages/widgets/src/test-support/fixtures.js';

defineMonthlyAllySignup();

type Args = {
  /** The campaign's progress, through the `progress` property (`null`: could not be read). */
  progress?: Progress | null;
  /** Shown through the documented `checkout.state` property: no network. */
  state: CheckoutState;
  retryAfter?: number;
  field?: string;
  tiers?: string;
  lang?: string;
  campaign: string;
};

/** A stub endpoint: never contacted (progress comes through args; `fetch` is stubbed where a story presses Give). */
const STUB = 'https://stub.rescuekit.invalid';

const demo: Progress = { ...demoProgress, allies: 1_204, manageGivingUrl: 'https://billing.stripe.com/p/login/test_demo' };

const meta: Meta<Args> = {
  title: 'Elements/monthly-ally-signup',
  component: 'monthly-ally-signup',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `Monthly giving: a donor becomes a monthly "Ally". Monthly tiers or a custom amount, an email for Stripe's receipts (sent to Stripe only,
never shown), and the number of Allies so far ("1,204 of 25 million Allies" when the movement has an Allies goal). "Manage my giving" links to
the endpoint's billing portal when one is configured. \`tiers\` sets your own amounts (in cents).
Your site's address must be on the endpoint's \`allowedOrigins\` to take gifts; pressing Give in these stories opens a stand-in, never Stripe.`,
      },
    },
  },
  render: ({ progress, state, retryAfter, field, tiers, lang, campaign }) => html`
    <monthly-ally-signup
      endpoint=${STUB}
      campaign=${campaign}
      publishable-key="pk_test_storybook"
      tiers=${tiers ?? nothing}
      lang=${lang ?? nothing}
      .progress=${progress}
      ${ref((el) => el && show(el as MonthlyAllySignup, state, retryAfter, field))}
    ><a href="https://example.org/allies">Become an Ally on our site</a></monthly-ally-signup>
  `,
  args: { progress: demo, state: 'idle', campaign: 'rescue-team-demo' },
  argTypes: {
    state: { control: 'select', options: ['idle', 'loading', 'rate-limited', 'not-configured', 'invalid', 'error', 'thanks'] },
    lang: { control: 'inline-radio', options: ['en', 'ko'] },
    progress: { control: 'object' },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Idle: Story = {};
export const OneAlly: Story = { args: { progress: { ...demo, allies: 1 } } };
/** The movement's Allies goal (its progress's `alliesGoal`): "1,204 of 25 million Allies" over a bar. */
export const AlliesGoal: Story = { args: { campaign: 'the-hundred', progress: { ...demo, campaign: 'the-hundred', alliesGoal: 25_000_000 } } };
export const AlliesGoalKorean: Story = { args: { lang: 'ko', campaign: 'the-hundred', progress: { ...demo, campaign: 'the-hundred', alliesGoal: 25_000_000 } } };
export const NoManageLink: Story = { name: 'No manage link (none configured)', args: { progress: { ...demo, manageGivingUrl: undefined } } };
/** The counter line keeps its height, empty, while progress loads. */
export const CounterLoading: Story = {
  args: { progress: undefined },
  beforeEach: () => {
    const real = window.fetch;
    window.fetch = (input, init) => (String(input).startsWith(STUB) ? new Promise<Response>(() => {}) : real(input, init));
    return () => void (window.fetch = real);
  },
};
/** Progress could not be read: the counter and manage link hide; signing up still works. */
export const CounterUnavailable: Story = { args: { progress: null } };
export const CustomTiers: Story = { args: { tiers: '1000 3000 6000' } };
export const Loading: Story = { args: { state: 'loading' } };
export const RateLimited: Story = { args: { state: 'rate-limited', retryAfter: 30 } };
export const NotConfigured: Story = { args: { state: 'not-configured' } };
export const Invalid: Story = { args: { state: 'invalid', field: 'email' } };
export const Error: Story = { args: { state: 'error' } };
export const Thanks: Story = { args: { state: 'thanks' } };
/**
 * Right after a monthly gift, in the tab that gave it: "Manage this gift", "Update payment method",
 * "Cancel monthly gift", each opening Stripe's billing portal for this gift.
 */
// Each asks `POST /v1/portal`; here the stub endpoint is never reached.
export const ThanksManageThisGift: Story = {
  name: 'Thanks: manage this gift',
  args: { state: 'thanks' },
  beforeEach: () => {
    sessionStorage.setItem('rescuekit:manage', '0123456789abcdef0123456789abcdef');
    return () => sessionStorage.removeItem('rescuekit:manage');
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('monthly-ally-signup')!;
    el.checkout.session = 'cs_test_storybook';
    el.requestUpdate();
  },
};
export const Korean: Story = { args: { lang: 'ko' } };
export const KoreanNotConfigured: Story = { args: { lang: 'ko', state: 'not-configured' } };

/** Give without an email: the message under the field, focus moved there; nothing is sent. */
export const EmailMissing: Story = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<MonthlyAllySignup>('monthly-ally-signup')!;
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
  },
};

/** Give pressed with an email: Stripe's checkout opens in a dialog over the page (here a stand-in). */
// The stub endpoint answers a client secret and the Stripe.js stand-in renders into the modal.
export const CheckoutOpen: Story = {
  beforeEach: () => {
    const stripe = installStripeStandIn();
    const net = stubFetch(() => json(200, { clientSecret: 'cs_test_storybook_secret' }));
    return () => (net.restore(), stripe.restore());
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<MonthlyAllySignup>('monthly-ally-signup')!;
    await el.updateComplete;
    const email = el.shadowRoot!.querySelector<HTMLInputElement>('[part=email]')!;
    email.value = 'ally@example.org';
    email.dispatchEvent(new Event('input'));
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
  },
};

/** Shows a state through the documented `checkout.state` property (plus its detail): no network. */
function show(el: MonthlyAllySignup, state: CheckoutState, retryAfter?: number, field?: string) {
  Object.assign(el.checkout, { state, retryAfter, field });
  el.requestUpdate();
}
