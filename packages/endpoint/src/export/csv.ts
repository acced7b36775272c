/**
 * The treasurer's CSV: RFC 4180 (CRLF, quotes doubled, fields with a comma, quote or
 * line break quoted) with spreadsheet formula injection neutralised: a text cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
 * note typed as `=HYPERLINK(…)` is shown, never run. Numbers are written as numbers.
 */

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, quoted and neutralised as needed. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`CSV amounts are whole minor units, got ${value}`);
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvRow(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const ROWS_PER_CHUNK = 256;

/**
 * Streams `header` then one record per row, pulling rows only as the reader asks for
 * more, so 100,000 ledger rows never sit in memory at once.
 */
export function csvStream<T>(header: readonly string[], rows: AsyncIterable<T>, toCells: (row: T) => readonly CsvCell[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = rows[Symbol.asyncIterator]();
  let sentHeader = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHeader) {
        sentHeader = true;
        controller.enqueue(encoder.encode(csvRow(header)));
        return;
      }
      try {
        // Up to ROWS_PER_CHUNK records per chunk: one write per record would cost more than the rows.
        let text = '';
        for (let n = 0; n < ROWS_PER_CHUNK; n++) {
          const next = await it.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          text += csvRow(toCells(next.value));
        }
        controller.enqueue(encoder.encode(text));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await it.return?.();
    },
  }, { highWaterMark: 2 });
}
