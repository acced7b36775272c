/**
 * Shared fixtures for the endpoint tests: a config, an in-memory app, a store
 * wrapper that counts calls, an SSE reader and a CLI child-process runner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after } from 'node:test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';

export const ADMIN = 'test-admin-token-0123456789abcdefghijklmn';
export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
export const CLI = join(REPO_ROOT, 'packages/endpoint/src/cli.ts');

export const CONFIG: RescuekitConfig = {
  campaigns: [
    { id: 'team', title: 'Rescue Team test', currency: 'usd', goal: 900_000, rescueCost: 300_000, minAmount: 100, maxAmount: 900_000, offlineMaxAmount: 2_000_000 },
    { id: 'big', title: 'Big campaign', currency: 'usd', goal: 1_000_000_000, rescueCost: 300_000 },
    { id: 'won', title: 'KRW campaign', currency: 'krw', goal: 30_000_000, rescueCost: 4_000_000 },
  ],
};

/** Counts every call to each store method, to prove reads do not scale with subscribers. */
export function countingStore(inner: Store): { store: Store; calls: Map<string, number>; count(name: string): number } {
  const calls = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls, count: (name) => calls.get(name) ?? 0 };
}

export async function memoryApp(config: RescuekitConfig = CONFIG): Promise<{ app: App; store: Store; close(): Promise<void> }> {
  const store = openSqliteStore(':memory:');
  const app = createApp({ config, store, adminToken: ADMIN, logger: () => {} });
  await app.ready;
  return { app, store, close: async () => (await app.close(), await store.close()) };
}

export function giftRequest(
  campaign: string,
  body: unknown,
  init: { token?: string | null; key?: string | null; contentType?: string; raw?: string } = {},
): Request {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
  const token = init.token === undefined ? ADMIN : init.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  // Offline gifts need an Idempotency-Key: a new one per call unless the test names one (null: none).
  const key = init.key === undefined ? crypto.randomUUID() : init.key;
  if (key !== null) headers['idempotency-key'] = key;
  return new Request(`http://rk.test/v1/campaigns/${campaign}/offline-gifts`, {
    method: 'POST',
    headers,
    body: init.raw ?? JSON.stringify(body),
  });
}

export async function tempDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rescuekit-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeConfig(dir: string, config: unknown = CONFIG): Promise<string> {
  const path = join(dir, 'rescuekit.config.json');
  await writeFile(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

export interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** A minimal EventSource over fetch: collects events and waits for the n-th. */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let retry: string | undefined;
  const waiters: (() => void)[] = [];
  const done = (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev: SseEvent = { event: 'message', id: undefined, data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('retry: ')) retry = line.slice(7);
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('id: ')) ev.id = line.slice(4);
            else if (line.startsWith('data: ')) (ev.data += line.slice(6)), (hasData = true);
          }
          if (hasData) events.push(ev);
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      /* aborted */
    }
    waiters.splice(0).forEach((w) => w());
  })();
  return {
    res,
    events,
    comments,
    get retry() {
      return retry;
    },
    /** Resolves when at least `n` events arrived (rejects after `ms`). */
    async waitFor(n: number, ms = 5000): Promise<SseEvent[]> {
      const deadline = Date.now() + ms;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} SSE events (got ${events.length})`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return events;
    },
    close() {
      controller.abort();
      return done;
    },
    done,
  };
}

const children = new Set<ChildProcess>();
// A failed assertion must not leave a server running (it would also keep this test file alive).
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Spawns the CLI from source; resolves with its URL once it prints it. */
export function spawnCli(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> & { child: ChildProcess } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  const promise = new Promise<{ child: ChildProcess; url: string; output: () => string }>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => reject(new Error(`CLI exited early (${code ?? signal}): ${out}`)));
  });
  return Object.assign(promise, { child });
}

/** Waits for a child to exit; resolves with its exit code (or signal). */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
