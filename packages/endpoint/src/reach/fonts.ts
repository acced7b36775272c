/**
 * Fonts for the share image, from npm packages the endpoint depends on (never the operating
 * system, so a bare host or container draws the same card): Noto Sans and Noto Sans KR, bold, as
 * Fontsource ships them, split by unicode-range into small WOFF files (satori reads WOFF, not WOFF2).
 * A render loads only the files whose ranges hold a character of its text, once per process, so
 * an English card never pays for Korean and a Korean one reads a few hundred KB, not the family.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface CardFont {
  name: string;
  data: ArrayBuffer;
  weight: 400 | 700;
  style: 'normal';
}

/** One WOFF file of a family and the code points it covers. */
interface Face {
  /** Unique per file: satori then falls back from face to face, glyph by glyph. */
  name: string;
  file: string;
  ranges: [number, number][];
}

/** The fonts could not be read (a broken install): the message says what to reinstall. */
export class MissingFontError extends Error {
  constructor(what: string, cause?: unknown) {
    super(`share image: ${what} could not be read; reinstall @rescuekit/endpoint's dependencies (npm ci)`, { cause });
    this.name = 'MissingFontError';
  }
}

const require = createRequire(import.meta.url);

/** The bold faces of a Fontsource package, in its CSS order, from its `700.css`. */
function fontsourceFaces(pkg: string, prefix: string): Face[] {
  let dir: string;
  let css: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
    css = readFileSync(join(dir, '700.css'), 'utf8');
  } catch (e) {
    throw new MissingFontError(pkg, e);
  }
  const faces: Face[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff)\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (!file) continue;
    const ranges = range
      ? range.split(',').map((r): [number, number] => {
          const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
          return [parseInt(a!, 16), parseInt(b ?? a!, 16)];
        })
      : ([[0, 0x10ffff]] as [number, number][]);
    faces.push({ name: `${prefix}-${faces.length}`, file: join(dir, file), ranges });
  }
  return faces;
}

let catalogue: Face[] | undefined;
/** Latin (and its Greek, Cyrillic, Vietnamese siblings) first, then Korean: the order glyphs are looked for in. */
function faces(): Face[] {
  return (catalogue ??= [...fontsourceFaces('@fontsource/noto-sans', 'noto'), ...fontsourceFaces('@fontsource/noto-sans-kr', 'noto-kr')]);
}

const covers = (face: Face, cp: number) => face.ranges.some(([a, b]) => cp >= a && cp <= b);

const files = new Map<string, Promise<ArrayBuffer>>();
function load(face: Face): Promise<ArrayBuffer> {
  let data = files.get(face.file);
  if (!data) {
    data = readFile(face.file).then(
      (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
      (e: unknown) => {
        files.delete(face.file);
        throw new MissingFontError(face.file, e);
      },
    );
    files.set(face.file, data);
  }
  return data;
}

/** The same list for the same faces, so satori keeps its font engine between renders. */
const sets = new Map<string, Promise<CardFont[]>>();

/**
 * The faces `text` needs: the first face covering each of its characters, and always the basic
 * Latin one (digits, currency signs). Characters no face covers (emoji) are drawn as images.
 */
export function cardFonts(text: string): Promise<CardFont[]> {
  const all = faces();
  const wanted = new Set<Face>([all[all.findIndex((f) => covers(f, 0x41))]!]);
  for (const ch of new Set(text)) {
    const cp = ch.codePointAt(0)!;
    const face = all.find((f) => covers(f, cp));
    if (face) wanted.add(face);
  }
  const chosen = all.filter((f) => wanted.has(f));
  const key = chosen.map((f) => f.name).join(',');
  let set = sets.get(key);
  if (!set) {
    set = Promise.all(chosen.map(async (f): Promise<CardFont> => ({ name: f.name, data: await load(f), weight: 700, style: 'normal' })));
    set.catch(() => sets.delete(key));
    sets.set(key, set);
  }
  return set;
}

/** How many WOFF files are loaded (for tests and the bench). */
const loadedFontFiles = () => files.size;
