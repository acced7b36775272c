/**
 * Fonts for the share image. satori reads TTF/OTF/WOFF but not font collections, and
 * Debian ships Noto Sans CJK only as a collection (`.ttc`): the Korean face is cut out
 * of it here, in memory, once. Latin comes from Noto Sans (`fonts-noto-core`); both are
 * installed by `scripts/ensure-fonts.mjs`. Paths may be overridden with
 * `RESCUEKIT_FONT_LATIN` / `RESCUEKIT_FONT_KOREAN`.
 */
import { readFile } from 'node:fs/promises';

export interface CardFont {
  name: string;
  data: ArrayBuffer;
  weight: 400 | 700;
  style: 'normal';
}

const LATIN = ['/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf', '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf'];
const KOREAN = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'];

/** The fonts are missing: the message says what to install. */
export class MissingFontError extends Error {
  constructor(what: string, tried: string[]) {
    super(`share image: no ${what} font (tried ${tried.join(', ')}). Install it: sudo apt-get install -y fonts-noto-core fonts-noto-cjk (or run node scripts/ensure-fonts.mjs)`);
    this.name = 'MissingFontError';
  }
}

async function firstReadable(paths: string[]): Promise<Buffer | undefined> {
  for (const p of paths) {
    const data = await readFile(p).catch(() => undefined);
    if (data) return data;
  }
  return undefined;
}

/**
 * One face of a TrueType/OpenType collection as a standalone font file: its table
 * directory and tables copied out, offsets rewritten. `wanted` picks the face whose
 * `name` table contains that family name.
 */
export function faceFromCollection(ttc: Buffer, wanted: string): Buffer | undefined {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') return ttc; // already a single font
  const count = ttc.readUInt32BE(8);
  const needle = Buffer.from(wanted, 'utf16le').swap16();
  for (let f = 0; f < count; f++) {
    const at = ttc.readUInt32BE(12 + 4 * f);
    const numTables = ttc.readUInt16BE(at + 4);
    const tables = Array.from({ length: numTables }, (_, i) => {
      const rec = at + 12 + 16 * i;
      return { tag: ttc.toString('latin1', rec, rec + 4), checksum: ttc.readUInt32BE(rec + 4), offset: ttc.readUInt32BE(rec + 8), length: ttc.readUInt32BE(rec + 12) };
    });
    const name = tables.find((t) => t.tag === 'name');
    if (!name || !ttc.subarray(name.offset, name.offset + name.length).includes(needle)) continue;
    const head = 12 + 16 * numTables;
    let size = head;
    for (const t of tables) size += (t.length + 3) & ~3;
    const out = Buffer.alloc(size);
    ttc.copy(out, 0, at, at + 12);
    let pos = head;
    tables.forEach((t, i) => {
      const rec = 12 + 16 * i;
      out.write(t.tag, rec, 'latin1');
      out.writeUInt32BE(t.checksum, rec + 4);
      out.writeUInt32BE(pos, rec + 8);
      out.writeUInt32BE(t.length, rec + 12);
      ttc.copy(out, pos, t.offset, t.offset + t.length);
      pos += (t.length + 3) & ~3;
    });
    return out;
  }
  return undefined;
}

let loading: Promise<CardFont[]> | undefined;

/** Latin (bold) and Korean (bold) faces, loaded once per process. Rejects with {@link MissingFontError}. */
export function cardFonts(env: Readonly<Record<string, string | undefined>> = process.env): Promise<CardFont[]> {
  return (loading ??= (async () => {
    const latinPaths = env['RESCUEKIT_FONT_LATIN'] ? [env['RESCUEKIT_FONT_LATIN']] : LATIN;
    const koreanPaths = env['RESCUEKIT_FONT_KOREAN'] ? [env['RESCUEKIT_FONT_KOREAN']] : KOREAN;
    const [latin, collection] = await Promise.all([firstReadable(latinPaths), firstReadable(koreanPaths)]);
    if (!latin) throw new MissingFontError('Latin (Noto Sans)', latinPaths);
    const korean = collection && faceFromCollection(collection, 'Noto Sans CJK KR');
    if (!korean) throw new MissingFontError('Korean (Noto Sans CJK KR)', koreanPaths);
    const ab = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    return [
      { name: 'Noto Sans', data: ab(latin), weight: 700, style: 'normal' },
      { name: 'Noto Sans CJK KR', data: ab(korean), weight: 700, style: 'normal' },
    ];
  })()).catch((e) => {
    loading = undefined; // try again next time (fonts installed meanwhile)
    throw e;
  });
}
