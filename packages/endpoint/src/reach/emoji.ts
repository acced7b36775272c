/**
 * Emoji on the share image: satori asks for a picture of each emoji grapheme, and gets Twemoji's
 * SVG from the `@twemoji/svg` package on disk (never the network). An emoji Twemoji lacks is left out.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let dir: string | undefined;
const pictures = new Map<string, Promise<string | undefined>>();

/** Twemoji's file name: code points in hex joined by '-', without VS16 unless the sequence has a ZWJ. */
export function twemojiName(grapheme: string): string {
  const points = [...grapheme].map((c) => c.codePointAt(0)!.toString(16));
  return (grapheme.includes('\u200d') ? points : points.filter((p) => p !== 'fe0f')).join('-');
}

/** A `data:` URL of the grapheme's picture, or undefined. */
export function emojiPicture(grapheme: string): Promise<string | undefined> {
  const name = twemojiName(grapheme);
  let picture = pictures.get(name);
  if (!picture) {
    dir ??= dirname(createRequire(import.meta.url).resolve('@twemoji/svg/package.json'));
    picture = readFile(join(dir, `${name}.svg`)).then(
      (svg) => `data:image/svg+xml;base64,${svg.toString('base64')}`,
      () => undefined,
    );
    if (pictures.size < 2_000) pictures.set(name, picture);
  }
  return picture;
}
