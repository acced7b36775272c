// Servers and clients on this machine's loopback for the tests that run what a recipe starts: a command
// whose banner says where it listens, a free port, and requests from a chosen loopback address (each
// address a different client to a proxy), over HTTP or HTTPS with a test certificate.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';

/** Every process {@link start} started that has not exited yet. */
export const running = new Set<ChildProcess>();

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export interface Started {
  child: ChildProcess;
  /** The address the banner says it listens on (`listening on http://…`); rejects if it exits first. */
  url: Promise<string>;
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts a command with exactly `env`; it stays in {@link running} until it exits. */
export function start(argv: string[], env: Record<string, string>, cwd: string): Started {
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => (running.delete(child), r(code))));
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (e) => reject(new Error(`${argv[0]}: ${e.message}`)));
    void exited.then((code) => reject(new Error(`${argv.join(' ')} exited (${code}):\n${out}`)));
  });
  return { child, url, exited, output: () => out };
}

export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  /** Resolves with the body so far once it matches `re` (a frame of a live stream, or the whole answer). */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  close(): void;
}

export interface ExchangeOptions {
  /** The loopback address the request comes from (default 127.0.0.1). */
  from?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** HTTPS: the certificate to trust and the name to ask for (SNI and the identity check). */
  tls?: { ca: Buffer; servername: string };
}

/** One request; resolves at its headers, the body readable as it arrives. */
export function exchange(url: string, opts: ExchangeOptions = {}): Promise<Exchange> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolveExchange, reject) => {
    const req = send(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.from ?? '127.0.0.1', agent: false, ...opts.tls },
      (res) => {
        let body = '';
        const waiters = new Set<() => void>();
        res.setEncoding('utf8');
        res.on('data', (d: string) => ((body += d), waiters.forEach((w) => w())));
        resolveExchange({
          status: res.statusCode!,
          headers: res.headers,
          waitFor: (re, ms = 5000) =>
            new Promise((done, fail) => {
              const timer = setTimeout(() => (waiters.delete(check), fail(new Error(`no ${re} in ${JSON.stringify(body)}`))), ms);
              const check = () => {
                if (re.test(body)) (clearTimeout(timer), waiters.delete(check), done(body));
              };
              waiters.add(check);
              check();
            }),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
