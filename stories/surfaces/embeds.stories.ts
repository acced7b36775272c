import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { base, surface, surfaceArgTypes, surfaceArgs, surfaceSource, surfaceUrl, type SurfaceArgs } from './surface.js';

const ELEMENTS = ['rescue-thermometer', 'nine-lives-picker', 'monthly-ally-signup', 'rescue-donate-button', 'rescue-leaderboard'] as const;
type Args = SurfaceArgs & { element: (typeof ELEMENTS)[number]; height: number };

const embedUrl = (a: Args) => surfaceUrl(a, `/embed/${a.element}`, { campaign: a.campaign });

/** The iframe and the few lines that resize it to its content (the embed posts its height). */
const snippet = (a: Args) => `<iframe
  src="${embedUrl(a)}"
  title="Our Rescue Team" width="100%" height="${a.height}" frameborder="0" scrolling="no"
></iframe>
<script>
  addEventListener('message', (e) => {
    if (e.origin !== '${new URL(base(a.endpoint)).origin}' || e.data?.type !== 'rescuekit:height') return;
    for (const f of document.querySelectorAll('iframe')) {
      if (f.contentWindow === e.source) f.height = String(e.data.height);
    }
  });
</script>`;

/**
 * For site builders that take only an embed (an iframe or a URL): every element is also a page of its own,
 * **`/embed/<element>?campaign=<campaign>`**, framed live here. Add `&lang=ko` for Korean. Checkout opens in
 * a new tab, so your page stays where it was. **Show code** gives the iframe with the script that resizes it
 * to its content; where a builder takes only a URL, paste the `src` and give the frame a fixed height.
 */
const meta: Meta<Args> = {
  title: 'Surfaces/Embeds',
  tags: ['autodocs'],
  args: { ...surfaceArgs, element: 'rescue-thermometer', height: 220 },
  argTypes: {
    ...surfaceArgTypes,
    element: { control: 'select', options: [...ELEMENTS], description: 'the element to embed' },
    height: { control: 'number', description: 'the frame’s height before it resizes itself' },
  },
  parameters: { docs: { source: { transform: surfaceSource((a) => snippet(a as Args)) } } },
  render: (args) => {
    const resize = (e: MessageEvent) => {
      const frame = document.querySelector<HTMLIFrameElement>('iframe[data-rk-embed]');
      if (frame && e.source === frame.contentWindow && e.data?.type === 'rescuekit:height') frame.height = String(e.data.height);
    };
    removeEventListener('message', (globalThis as { __rkResize?: (e: MessageEvent) => void }).__rkResize ?? resize);
    (globalThis as { __rkResize?: (e: MessageEvent) => void }).__rkResize = resize;
    addEventListener('message', resize);
    return surface(
      args,
      { href: embedUrl(args), label: 'Open the embed' },
      html`<iframe data-rk-embed src=${embedUrl(args)} title="The embedded ${args.element}" width="100%" height=${args.height} style="border: 1px dashed #999; max-width: 40rem"></iframe>`,
    );
  },
};
export default meta;

type Story = StoryObj<Args>;

export const Thermometer: Story = {};
export const Picker: Story = { args: { element: 'nine-lives-picker', height: 900 } };
export const DonateButton: Story = { args: { element: 'rescue-donate-button', height: 80 } };
export const Leaderboard: Story = { args: { element: 'rescue-leaderboard', campaign: 'the-hundred', height: 400 } };
export const Korean: Story = { args: { lang: 'ko' } };
