// Child processes of the giving-day bench (servers, subscriber clients), spoken to over IPC.
import { fork, type ChildProcess } from 'node:child_process';

type Message = Record<string, unknown>;

export interface Child {
  proc: ChildProcess;
  /** The next message from the child (answers arrive in the order asked). */
  next(timeoutMs?: number): Promise<Message>;
  ask(message: Message, timeoutMs?: number): Promise<Message>;
  /** Ask it to close; kill it if it does not exit soon. */
  stop(): Promise<void>;
}

/** Forks `script` under tsx (plus `execArgv`), with `env` added to this process's environment. */
export function startChild(script: string, env: Record<string, string> = {}, execArgv: string[] = []): Child {
  const proc = fork(script, [], { execArgv: ['--import', 'tsx', ...execArgv], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const inbox: Message[] = [];
  const waiting: ((m: Message) => void)[] = [];
  let exited: number | null | undefined;
  proc.on('message', (m: Message) => (waiting.length ? waiting.shift()!(m) : inbox.push(m)));
  proc.on('exit', (code) => {
    exited = code;
    for (const w of waiting.splice(0)) w({ exited: code });
  });
  const next = (timeoutMs = 120_000) => {
    if (inbox.length) return Promise.resolve(inbox.shift()!);
    if (exited !== undefined) return Promise.reject(new Error(`${script} exited (${exited})`));
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script}: no answer within ${timeoutMs} ms`)), timeoutMs);
      waiting.push((m) => {
        clearTimeout(timer);
        if ('exited' in m) reject(new Error(`${script} exited (${m['exited']})`));
        else resolve(m);
      });
    });
  };
  return {
    proc,
    next,
    ask(message, timeoutMs) {
      proc.send(message);
      return next(timeoutMs);
    },
    async stop() {
      if (exited !== undefined) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.send({ cmd: 'close' });
      const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(kill);
    },
  };
}

/** A forked endpoint server (bench/giving-day-server.ts), once it listens. */
export async function startGdServer(env: Record<string, string>): Promise<Child & { url: string; port: number; pid: number }> {
  const child = startChild('bench/giving-day-server.ts', env, ['--expose-gc']);
  const ready = await child.next();
  const url = String(ready['url']);
  return { ...child, url, port: Number(new URL(url).port), pid: Number(ready['pid']) };
}

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  gc: boolean;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
