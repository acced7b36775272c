import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { defineNineLivesPicker, type CheckoutState, type NineLivesPicker } from '@rescuekit/widgets';
import { installStripeStandIn, json, stubFetch } from '../packages/widgets/src/test-support/checkout-stand-ins.js';
import { demo } from '../packages/widgets/src/test-support/fixtures.js';

/** The campaign's progress with its amount rules ($1 to $100,000), given through `progress`: no request. */
const progress = { ...demo, campaign: 'the-hundred', minAmount: 100, maxAmount: 10_000_000 };
/** Impact lines as a campaign writes them in its config (`impact`), per preset and language. */
const impact = {
  '900': { en: 'A day of safe shelter', ko: '안전한 쉼터에서의 하루' },
  '2700': { en: 'Feeds a family in hiding for a week', ko: '숨어 지내는 가족의 일주일 식량' },
  '4500': { en: 'A guide for one stretch of the road', ko: '탈출길 한 구간의 안내인' },
  '9000': { en: 'A safe house for a month', ko: '한 달 동안의 안전가옥' },
};

defineNineLivesPicker();

type Args = {
  /** Shown through the documented `checkout.state` property: no network. */
  state: CheckoutState;
  retryAfter?: number;
  field?: string;
  amounts?: string;
  monthly?: boolean;
  lang?: string;
  campaign: string;
  /** The campaign enables the monthly upsell (`upsell: { monthly: true }` in its config). */
  upsell?: boolean;
  /** The campaign writes impact lines for its presets (`impact` in its config). */
  impact?: boolean;
};

/** A stub endpoint (never contacted: progress is given, and `fetch` is stubbed for the open-checkout story). */
const STUB = 'https://stub.rescuekit.invalid';

const meta: Meta<Args> = {
  title: 'Elements/nine-lives-picker',
  component: 'nine-lives-picker',
  tags: ['autodocs'],
  parameters: {
    docs: {
      description: {
        component: `The "9 Lives" ask: one dollar for each of nine lives, $9 preselected, with multiples and a custom amount. Give opens Stripe's checkout
in a dialog on your page. \`amounts\` sets your own presets (in cents), \`monthly\` offers a monthly gift, and the campaign's settings can add
a line under each preset ("A day of safe shelter") and a monthly upsell. No donor name is asked for.
Your site's address must be on the endpoint's \`allowedOrigins\` to take gifts; pressing Give in these stories opens a stand-in, never Stripe.`,
      },
    },
  },
  render: ({ state, retryAfter, field, amounts, monthly, lang, campaign, upsell, impact: lines }) => html`
    <nine-lives-picker
      endpoint=${STUB}
      campaign=${campaign}
      publishable-key="pk_test_storybook"
      amounts=${amounts ?? nothing}
      ?monthly=${monthly}
      lang=${lang ?? nothing}
      .progress=${{ ...progress, ...(upsell && { upsell: { monthly: true } }), ...(lines && { impact }) }}
      ${ref((el) => el && show(el as NineLivesPicker, state, retryAfter, field))}
    ><a href="https://example.org/give">Give on our site</a></nine-lives-picker>
  `,
  args: { state: 'idle', campaign: 'the-hundred' },
  argTypes: {
    state: { control: 'select', options: ['idle', 'loading', 'rate-limited', 'not-configured', 'invalid', 'error', 'thanks'] },
    lang: { control: 'inline-radio', options: ['en', 'ko'] },
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Idle: Story = {};
export const CampaignPresets: Story = { args: { amounts: '500 900 1800 3600 9000' } };
export const WithMonthly: Story = { name: 'With monthly (checks out as a monthly Ally)', args: { monthly: true } };
export const Loading: Story = { args: { state: 'loading' } };
export const RateLimited: Story = { args: { state: 'rate-limited', retryAfter: 30 } };
export const NotConfigured: Story = { args: { state: 'not-configured' } };
export const Invalid: Story = { args: { state: 'invalid', field: 'amount' } };
export const Error: Story = { args: { state: 'error' } };
export const Thanks: Story = { args: { state: 'thanks' } };
export const Korean: Story = { args: { lang: 'ko' } };
export const KoreanNotConfigured: Story = { args: { lang: 'ko', state: 'not-configured' } };

/** Below the campaign's minimum ($1, from its progress): refused before calling, the field marked and described. */
export const BelowCampaignMinimum: Story = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<NineLivesPicker>('nine-lives-picker')!;
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part=custom]')!;
    input.value = '0.50';
    input.dispatchEvent(new Event('input'));
  },
};

/** Typing an amount with too many decimals shows the validation message under the field. */
export const CustomAmountInvalid: Story = {
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<NineLivesPicker>('nine-lives-picker')!;
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part=custom]')!;
    input.value = '12.345';
    input.dispatchEvent(new Event('input'));
  },
};

/** Give pressed: Stripe's checkout opens in a dialog over the page (here a stand-in). */
// The stub endpoint answers a client secret and the Stripe.js stand-in renders into the modal.
export const CheckoutOpen: Story = {
  beforeEach: () => {
    const stripe = installStripeStandIn();
    const net = stubFetch(() => json(200, { clientSecret: 'cs_test_storybook_secret' }));
    return () => (net.restore(), stripe.restore());
  },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector<NineLivesPicker>('nine-lives-picker')!;
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
  },
};

/** Each preset with the campaign's impact line under it (and in its accessible name). */
export const ImpactLines: Story = { args: { impact: true } };
export const ImpactLinesKorean: Story = { args: { impact: true, lang: 'ko' } };

/** $27 once, Give pressed: the campaign's monthly upsell asks for $9 a month instead (focus on "Yes"). */
export const UpsellAsked: Story = {
  args: { upsell: true },
  // Answering opens the stand-in checkout: the stub endpoint answers a client secret.
  beforeEach: () => {
    const stripe = installStripeStandIn();
    const net = stubFetch(() => json(200, { clientSecret: 'cs_test_storybook_secret' }));
    return () => (net.restore(), stripe.restore());
  },
  play: ({ canvasElement }) => askUpsell(canvasElement),
};
export const UpsellAskedKorean: Story = { ...UpsellAsked, args: { upsell: true, lang: 'ko' } };

async function askUpsell(canvas: HTMLElement) {
  const el = canvas.querySelector<NineLivesPicker>('nine-lives-picker')!;
  await el.updateComplete;
  el.shadowRoot!.querySelectorAll<HTMLElement>('[part=amount]')[1]!.click();
  await el.updateComplete;
  el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
}

/** Shows a state through the documented `checkout.state` property (plus its detail): no network. */
function show(el: NineLivesPicker, state: CheckoutState, retryAfter?: number, field?: string) {
  Object.assign(el.checkout, { state, retryAfter, field });
  el.requestUpdate();
}
