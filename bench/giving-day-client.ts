// Live subscribers for the giving-day bench: raw TCP sockets speaking just enough HTTP/1.1
// (`Connection: close`, no agent, no keep-alive pool) to hold many SSE streams in one process.
// Each subscriber keeps the times at which its campaign's `raised` went up, relative to the
// first frame it got. Commands over IPC from bench/giving-day.ts:
//   { cmd: 'open', targets: [{ port, campaign, count }] }  -> { opened, failed, statuses }
//   { cmd: 'latency', marks: [{ at, need }] }  -> per mark, each subscriber's first time with
//        raised - base >= need, minus `at`; `all: true` returns every sample, else the worst per mark
//   { cmd: 'close' }
import { connect, type Socket } from 'node:net';
import { clockMs } from './giving-day-shared.js';

interface Sub {
  socket: Socket;
  campaign: string;
  base: number;
  /** [time, raised - base] each time raised went up. */
  seen: number[];
  /** Bytes that may begin a `"raised":` cut by the chunk boundary. */
  tail: Buffer;
  open: boolean;
}

const subs: Sub[] = [];
let dropped = 0;
/** When the first stream that had opened was closed by the server (clock ms), and raised frames read. */
let firstDropAt = 0;
let frames = 0;
const closeReasons: Record<string, number> = {};
const KEY = Buffer.from('"raised":');
const EMPTY = Buffer.alloc(0);
const send = (m: unknown) => process.send!(m);

function openOne(port: number, campaign: string): Promise<Sub | string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    const sub: Sub = { socket, campaign, base: -1, seen: [], tail: EMPTY, open: false };
    let settled = false;
    const settle = (v: Sub | string) => {
      if (!settled) (settled = true), resolve(v);
    };
    socket.on('connect', () => socket.write(`GET /v1/campaigns/${campaign}/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      const now = clockMs();
      if (!sub.open && sub.base < 0 && chunk.length > 12 && chunk.toString('latin1', 0, 9) === 'HTTP/1.1 ' && chunk.toString('latin1', 9, 12) !== '200') {
        return settle(`HTTP ${chunk.toString('latin1', 9, 12)}`), socket.destroy();
      }
      // Scan bytes, not strings: at giving-day rates this loop runs for every frame of every stream.
      const buf = sub.tail.length ? Buffer.concat([sub.tail, chunk]) : chunk;
      let at = buf.indexOf(KEY);
      let done = 0;
      while (at !== -1) {
        let i = at + KEY.length;
        let raised = 0;
        while (i < buf.length && buf[i]! >= 48 && buf[i]! <= 57) raised = raised * 10 + buf[i++]! - 48;
        if (i === buf.length) break; // the number may go on in the next chunk
        done = i;
        frames++;
        if (sub.base < 0) {
          sub.base = raised;
          sub.open = true;
          settle(sub);
        } else if (raised - sub.base > (sub.seen.at(-1) ?? 0)) sub.seen.push(now, raised - sub.base);
        at = buf.indexOf(KEY, i);
      }
      // Keep only what may be a cut `"raised":` (it starts with a quote near the end).
      const quote = buf.lastIndexOf(0x22);
      const rest = at !== -1 ? at : quote >= done && quote > buf.length - KEY.length ? quote : buf.length;
      sub.tail = rest < buf.length ? Buffer.from(buf.subarray(rest)) : EMPTY;
    });
    const why = (reason: string) => sub.open && (closeReasons[reason] = (closeReasons[reason] ?? 0) + 1);
    socket.on('error', (e) => (why(`${campaign}: ${e.message}`), settle(e.message)));
    socket.on('end', () => why(`${campaign}: ended by the server`));
    socket.on('close', () => {
      if (sub.open) (dropped++, (firstDropAt ||= clockMs()));
      sub.open = false;
      settle('closed before the first frame');
    });
  });
}

async function open(targets: { port: number; campaign: string; count: number }[]) {
  const queue = targets.flatMap((t) => Array.from({ length: t.count }, () => t));
  const failures = new Map<string, number>();
  let next = 0;
  // A bounded number of handshakes at a time: the server's accept backlog is finite.
  const worker = async () => {
    while (next < queue.length) {
      const t = queue[next++]!;
      const r = await openOne(t.port, t.campaign);
      if (typeof r === 'string') failures.set(r, (failures.get(r) ?? 0) + 1);
      else subs.push(r);
    }
  };
  await Promise.all(Array.from({ length: 128 }, worker));
  send({ opened: subs.length, failed: Object.fromEntries(failures) });
}

/** First time at or after which `s` showed at least `need`, or NaN if it never did. */
function firstAtLeast(s: Sub, need: number, from: number): [number, number] {
  for (let i = from; i < s.seen.length; i += 2) if (s.seen[i + 1]! >= need) return [s.seen[i]!, i];
  return [NaN, s.seen.length];
}

function latency(marks: { at: number; need: number }[], all: boolean) {
  // Marks arrive in order of `need` (a running sum), so each subscriber is walked once.
  const worst = new Array<number>(marks.length).fill(0);
  const samples: number[] = [];
  let missing = 0;
  for (const s of subs) {
    let from = 0;
    marks.forEach((mark, k) => {
      const [t, i] = firstAtLeast(s, mark.need, from);
      from = i;
      if (Number.isNaN(t)) return void missing++;
      const ms = Math.max(0, t - mark.at);
      if (ms > worst[k]!) worst[k] = ms;
      if (all) samples.push(ms);
    });
  }
  send({ worst, samples: all ? samples : undefined, missing, dropped, firstDropAt, frames, closeReasons, subscribers: subs.length });
}

process.on('message', (m: { cmd: string; targets?: never; marks?: never; all?: boolean }) => {
  if (m.cmd === 'open') void open(m.targets!);
  else if (m.cmd === 'latency') latency(m.marks!, m.all ?? false);
  else if (m.cmd === 'close') {
    for (const s of subs) s.socket.destroy();
    send({ closed: true });
    setTimeout(() => process.exit(0), 50);
  }
});
send({ ready: true });
