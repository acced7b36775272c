import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { liveImage, surface, surfaceArgTypes, surfaceArgs, surfaceSource, surfaceUrl, type SurfaceArgs } from './surface.js';

/**
 * Every campaign has a page of its own on the endpoint, **`/c/<campaign>`**, for a team with no website,
 * or to share as a link in a group chat or a bio: the thermometer, the $9 picker, the movement's total
 * and, for a movement or region, its teams' leaderboard. The numbers are in the page itself, so it reads
 * with scripts off, and link previews show its share image. English or Korean by the visitor's browser,
 * or `?lang=ko`.
 *
 * The page refuses to be framed (so nobody can dress it up as their own), so this story opens it in a
 * new tab and shows the share image a link preview of it shows. Set the controls to your endpoint and
 * campaign; with `npm start` running, the demo's pages answer as they are.
 */
const meta: Meta<SurfaceArgs> = {
  title: 'Surfaces/Hosted page',
  tags: ['autodocs'],
  args: surfaceArgs,
  argTypes: surfaceArgTypes,
  parameters: { docs: { source: { transform: surfaceSource((a) => `<a href="${surfaceUrl(a, `/c/${a.campaign}`)}">Give to our Rescue Team</a>`) } } },
  render: (args) =>
    surface(
      args,
      { href: surfaceUrl(args, `/c/${args.campaign}`), label: 'Open the hosted page' },
      html`<p style="margin: 0">What a link to it looks like in a chat: its share image.</p>
        ${liveImage(surfaceUrl(args, `/v1/campaigns/${args.campaign}/card.png`), 'The share image of the page', [1200, 630], 600)}`,
    ),
};
export default meta;

type Story = StoryObj<SurfaceArgs>;

/** A Rescue Team's page. */
export const TeamPage: Story = {};

/** The movement's page: its total and its teams' leaderboard. */
export const MovementPage: Story = { args: { campaign: 'the-hundred' } };

/** The team's page in Korean (`?lang=ko`). */
export const Korean: Story = { args: { lang: 'ko' } };
