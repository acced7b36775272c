import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { defineRescueDonateButton, type CheckoutState, type RescueDonateButton } from '@rescuekit/widgets';
import { captureNavigation, installStripeStandIn, json, stubFetch } from '../packages/widgets/src/test-support/checkout-stand-ins.js';
import { demo } from '../packages/widgets/src/test-support/fixtures.js';

/** The campaign's progress with its amount rules, given through `progress`: no request. */
const progress = { ...demo, campaign: 'the-hundred', minAmount: 100, maxAmount: 10_000_000 };

defineRescueDonateButton();

type Args = {
  /** Shown through the documented `checkout.state` property: no network. */
  state: CheckoutState;
  retryAfter?: number;
  field?: string;
  amount: number;
  currency: string;
  campaign: string;
  label?: string;
  mode?: 'embedded' | 'redirect';
  lang?: string;
  /** The campaign enables the monthly upsell (`upsell: { monthly: true }` in its config). */
  upsell?: boolean;
  /** `once` or `monthly` (the element's attribute, set from its control). */
  frequency?: 'once' | 'monthly';
};

/** A stub endpoint (never contacted: progress is given, and `fetch` is stubbed for it in the checkout stories). */
const STUB = 'https://stub.rescuekit.invalid';

const meta: Meta<Args> = {
  title: 'Elements/rescue-donate-button',
  component: 'rescue-donate-button',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `One Give button for a fixed amount (in cents: \`amount="2700"\` is $27) to one campaign. Pressing it opens Stripe's checkout in a
dialog on your page (\`mode="redirect"\` goes to Stripe's own page instead). \`frequency="monthly"\` makes it a monthly gift, and \`cover-fees\`
offers the donor to cover the card fees. Your site's address must be on the endpoint's \`allowedOrigins\` to take gifts.
The stories show each state the button can be in; pressing Give here opens a stand-in, never Stripe.`,
      },
    },
  },
  render: ({ state, retryAfter, field, amount, currency, campaign, label, mode, lang, upsell }) => html`
    <rescue-donate-button
      endpoint=${STUB}
      campaign=${campaign}
      publishable-key="pk_test_storybook"
      amount=${amount}
      currency=${currency}
      label=${label ?? nothing}
      mode=${mode ?? nothing}
      lang=${lang ?? nothing}
      .progress=${upsell ? { ...progress, upsell: { monthly: true } } : progress}
      ${ref((el) => el && show(el as RescueDonateButton, state, retryAfter, field))}
    ><a href="https://example.org/give">Give $9 on our site</a></rescue-donate-button>
  `,
  args: { state: 'idle', amount: 900, currency: 'usd', campaign: 'the-hundred' },
  argTypes: {
    state: { control: 'select', options: ['idle', 'loading', 'rate-limited', 'not-configured', 'invalid', 'error', 'thanks'] },
    mode: { control: 'inline-radio', options: ['embedded', 'redirect'] },
    lang: { control: 'inline-radio', options: ['en', 'ko'] },
    // In the order the docs give them (the manifest's expanded type may list them sorted).
    frequency: { control: 'select', options: ['once', 'monthly'] },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Idle: Story = {};
export const CustomLabel: Story = { args: { label: 'Fund one life: $27', amount: 2700 } };
export const Loading: Story = { args: { state: 'loading' } };
export const RateLimited: Story = { args: { state: 'rate-limited' } };
export const NotConfigured: Story = { args: { state: 'not-configured' } };
export const Invalid: Story = { args: { state: 'invalid', field: 'amount' } };
export const Error: Story = { args: { state: 'error' } };
export const Thanks: Story = { args: { state: 'thanks' } };
export const Korean: Story = { args: { lang: 'ko' } };
export const KoreanWon: Story = { args: { lang: 'ko', currency: 'krw', amount: 10000 } };

/** Pressed: Stripe's checkout opens in a dialog over the page (here a stand-in). */
// The stub endpoint answers a client secret and the Stripe.js stand-in renders into the modal.
export const CheckoutOpen: Story = {
  beforeEach: () => {
    const stripe = installStripeStandIn();
    const net = stubFetch(() => json(200, { clientSecret: 'cs_test_storybook_secret' }));
    return () => (net.restore(), stripe.restore());
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<RescueDonateButton>('rescue-donate-button')!;
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
  },
};

/** $27 once, pressed: the campaign's monthly upsell asks for $9 a month instead (focus on "Yes"); either answer opens the checkout. */
export const UpsellAsked: Story = {
  args: { upsell: true, amount: 2700 },
  beforeEach: () => {
    const stripe = installStripeStandIn();
    const net = stubFetch(() => json(200, { clientSecret: 'cs_test_storybook_secret' }));
    return () => (net.restore(), stripe.restore());
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<RescueDonateButton>('rescue-donate-button')!;
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
  },
};
export const UpsellAskedKorean: Story = { ...UpsellAsked, args: { ...UpsellAsked.args, lang: 'ko' } };

/** `mode="redirect"`: pressing Give leaves for Stripe's own checkout page; the button shows it is busy meanwhile. */
// The navigation is captured, so the story stays.
export const Redirecting: Story = {
  args: { mode: 'redirect' },
  beforeEach: () => {
    const nav = captureNavigation();
    const net = stubFetch(() => json(200, { url: 'https://checkout.stripe.com/c/pay/cs_test_storybook' }));
    return () => (net.restore(), nav.restore());
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<RescueDonateButton>('rescue-donate-button')!;
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
  },
};

/** Shows a state through the documented `checkout.state` property (plus its detail): no network. */
function show(el: RescueDonateButton, state: CheckoutState, retryAfter?: number, field?: string) {
  Object.assign(el.checkout, { state, retryAfter, field });
  el.requestUpdate();
}
