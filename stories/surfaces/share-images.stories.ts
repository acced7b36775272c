import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { liveImage, surface, surfaceArgTypes, surfaceArgs, surfaceSource, surfaceUrl, type SurfaceArgs } from './surface.js';

/** The three shapes, each drawn from the campaign's live total. */
const SHAPES = {
  landscape: { file: 'card.png', size: [1200, 630], alt: 'Link preview (landscape)', width: 600 },
  square: { file: 'card-square.png', size: [1080, 1080], alt: 'Instagram post (square)', width: 400 },
  story: { file: 'card-story.png', size: [1080, 1920], alt: 'Instagram story (9:16)', width: 270 },
} as const;
type Shape = keyof typeof SHAPES;
type Args = SurfaceArgs & { shapes: Shape[] };

const imageUrl = (args: SurfaceArgs, shape: Shape) => surfaceUrl(args, `/v1/campaigns/${args.campaign}/${SHAPES[shape].file}`);

/**
 * Pictures of a campaign's live total to post where a link is not enough, under
 * **`/v1/campaigns/<campaign>/`**:
 *
 * - `card.png`, 1200 × 630: the link preview of the hosted page (chat apps and social sites pick it up themselves);
 * - `card-square.png`, 1080 × 1080: an Instagram post;
 * - `card-story.png`, 1080 × 1920: an Instagram or WhatsApp story.
 *
 * The square and story images carry the page's short address and a QR code to it. Add `?lang=ko` for
 * Korean (else the campaign's language). Each is drawn again when the total changes; save it from here,
 * or link to it. `card.svg` is the landscape image as SVG.
 */
const meta: Meta<Args> = {
  title: 'Surfaces/Share images',
  tags: ['autodocs'],
  args: { ...surfaceArgs, shapes: ['landscape', 'square', 'story'] },
  argTypes: { ...surfaceArgTypes, shapes: { control: 'check', options: Object.keys(SHAPES), description: 'which images to show' } },
  parameters: {
    docs: {
      source: {
        transform: surfaceSource((a) =>
          (a as Args).shapes
            .map((s) => `<img src="${imageUrl(a, s)}" width="${SHAPES[s].size[0]}" height="${SHAPES[s].size[1]}" alt="Our Rescue Team's progress">`)
            .join('\n'),
        ),
      },
    },
  },
  render: (args) =>
    surface(
      args,
      { href: imageUrl(args, args.shapes[0] ?? 'landscape'), label: 'Open the image' },
      html`<div style="display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start">
        ${args.shapes.map((s) => liveImage(imageUrl(args, s), SHAPES[s].alt, [...SHAPES[s].size], SHAPES[s].width))}
      </div>`,
    ),
};
export default meta;

type Story = StoryObj<Args>;

/** All three shapes. */
export const AllThree: Story = {};

/** The link preview, 1200 × 630. */
export const Landscape: Story = { args: { shapes: ['landscape'] } };

/** The Instagram post, 1080 × 1080. */
export const Square: Story = { args: { shapes: ['square'] } };

/** The story, 1080 × 1920. */
export const StoryShape: Story = { name: 'Story (9:16)', args: { shapes: ['story'] } };

/** All three in Korean. */
export const Korean: Story = { args: { lang: 'ko' } };
