import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvCell, csvRow, csvStream } from '../src/export/csv.js';

/** A strict RFC 4180 reader, to check what the writer produces round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (ch === '"') { quoted = false; i += 1; continue; }
      cell += ch; i += 1; continue;
    }
    if (ch === '"') { assert.equal(cell, '', 'a quote may only open a cell'); quoted = true; i += 1; continue; }
    if (ch === ',') { row.push(cell); cell = ''; i += 1; continue; }
    if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    assert.notEqual(ch, '\n', 'bare LF outside quotes');
    cell += ch; i += 1;
  }
  assert.equal(quoted, false);
  assert.equal(cell, '');
  return rows;
}

test('cells round-trip through an RFC 4180 reader; formulas are neutralised, never dropped', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary' }), fc.integer({ min: -1e12, max: 1e12 })), { minLength: 1, maxLength: 8 }), (cells) => {
      const [back] = parseCsv(csvRow(cells));
      assert.equal(back!.length, cells.length);
      cells.forEach((c, i) => {
        const want = typeof c === 'number' ? String(c) : /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
        assert.equal(back![i], want);
      });
    }),
    { numRuns: 400 },
  );
});

test('spreadsheet formulas in a note are shown as text', () => {
  assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
  for (const s of ['+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']) assert.ok(csvCell(s).replace(/^"/, '').startsWith(`'`), s);
  assert.equal(csvCell('bake sale, table 2'), '"bake sale, table 2"');
  assert.equal(csvCell(-4500), '-4500', 'a negative amount stays a number');
  assert.equal(csvCell(null), '');
  assert.throws(() => csvCell(12.5), RangeError);
});

test('the stream pulls rows lazily: 100,000 rows without materialising them', async () => {
  let produced = 0;
  async function* rows() {
    for (let i = 0; i < 100_000; i++) {
      produced++;
      yield { id: `led_${i}`, amount: i % 2 ? 900 : -900 };
    }
  }
  const stream = csvStream(['id', 'amount'], rows(), (r) => [r.id, r.amount]);
  const reader = stream.getReader();
  const first = await reader.read();
  assert.equal(new TextDecoder().decode(first.value), 'id,amount\r\n');
  const second = await reader.read();
  assert.ok(produced < 1000, `only a buffer's worth is produced before it is read (${produced})`);
  let lines = 1; // the header
  let sum = 0;
  let chunks = 1;
  const decoder = new TextDecoder();
  for (let value = second.value; value; value = (await reader.read()).value) {
    chunks++;
    for (const line of decoder.decode(value).split('\r\n').slice(0, -1)) {
      sum += Number(line.split(',')[1]);
      lines++;
    }
  }
  assert.equal(lines, 100_001);
  assert.ok(chunks < 1000, `records go out in chunks of many rows (${chunks} chunks)`);
  assert.equal(produced, 100_000);
  assert.equal(sum, 0, 'every row once, exactly: 50,000 x 900 - 50,000 x 900');
});
