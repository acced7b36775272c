import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { surface, surfaceArgTypes, surfaceArgs, surfaceSource, surfaceUrl, type SurfaceArgs } from './surface.js';

type Args = SurfaceArgs & { paper: 'a4' | 'letter' };

/**
 * The **bake-sale poster**, **`/c/<campaign>/poster`**: a page to print on one A4 sheet (or US Letter with
 * `?paper=letter`) with the team's name, its thermometer, "$9 = 9 lives" and a QR code to the team's hosted
 * page, its address in text beside it. What the lower third says (why to give, a date and place, prices for
 * the sale) comes from the campaign's settings, which a lead sets in the console, never from the address,
 * so nobody can print a poster in the team's name with words of their own.
 *
 * The poster refuses to be framed, so this story opens it in a new tab: print it from there (the browser's
 * Print, "Save as PDF" works too).
 */
const meta: Meta<Args> = {
  title: 'Surfaces/Poster',
  tags: ['autodocs'],
  args: { ...surfaceArgs, paper: 'a4' },
  argTypes: { ...surfaceArgTypes, paper: { control: 'inline-radio', options: ['a4', 'letter'], description: 'the sheet it prints on' } },
  parameters: { docs: { source: { transform: surfaceSource((a) => posterUrl(a as Args)) } } },
  render: (args) => surface(args, { href: posterUrl(args), label: 'Open the poster to print' }),
};
export default meta;

function posterUrl(args: Args): string {
  return surfaceUrl(args, `/c/${args.campaign}/poster`, args.paper === 'letter' ? { paper: 'letter' } : {});
}

type Story = StoryObj<Args>;

/** On A4. */
export const A4: Story = {};

/** On US Letter. */
export const Letter: Story = { args: { paper: 'letter' } };

/** In Korean. */
export const Korean: Story = { args: { lang: 'ko' } };
