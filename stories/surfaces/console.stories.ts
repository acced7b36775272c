import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { base, surface, surfaceArgTypes, surfaceArgs, surfaceSource, surfaceUrl, type SurfaceArgs } from './surface.js';

/**
 * The **console**, **`/console/`** on every endpoint: the movement's own app for the people in it, on a
 * phone or a laptop, in English or Korean. People join from an invite link (`/console/join#…`, from their
 * organiser or lead) and get a key of their own; a team key (`rk_team_…`) also signs in.
 *
 * - **Cash**, the team's cash book: record a bake sale, a concert or a cheque (amount, what it was, how
 *   many gave), see what waits for approval, void a mistake, download the ledger as CSV.
 * - **Approvals**, **People**, **Team page** (with a preview of the hosted page), **Share** (the page,
 *   poster, share images and embed snippets to copy), **New team**, **Teams** and **Server**, by role.
 *
 * The console never runs inside another page, so this story opens it in a new tab. With `npm start`
 * running, sign in with the team key it prints, or open one of the invite links it prints.
 */
const meta: Meta<SurfaceArgs> = {
  title: 'Surfaces/Console',
  tags: ['autodocs'],
  args: surfaceArgs,
  argTypes: surfaceArgTypes,
  parameters: { docs: { source: { transform: surfaceSource((a) => `${surfaceUrl(a, '/console/')}   (campaign ${a.campaign}: sign in with its team key or an invite)`) } } },
  render: (args) =>
    surface(
      args,
      { href: surfaceUrl(args, '/console/'), label: 'Open the console' },
      html`<ol style="margin: 0; padding-inline-start: 1.25rem; display: grid; gap: 0.25rem">
        <li>Sign in with the team key for <code>${args.campaign}</code> that <code>npm start</code> printed, or open an invite link.</li>
        <li>Open <strong>Cash</strong> and record a bake-sale gift.</li>
        <li>Watch the team's <a href="${base(args.endpoint)}/c/${args.campaign}" target="_blank" rel="noopener">hosted page</a> and its thermometer move.</li>
      </ol>`,
    ),
};
export default meta;

type Story = StoryObj<SurfaceArgs>;

/** The cash book and everything else a team does. */
export const CashBook: Story = { name: 'Cash book' };

/** In Korean (`?lang=ko`). */
export const Korean: Story = { args: { lang: 'ko' } };
