// The cached-GET comparison, measured so that runs agree: each server runs alone on the machine
// (started, loaded, stopped before the next starts), the load generator runs in a process of its own
// (bench/load.mjs), the servers take turns in a rotating order, and each figure is the median of
// several rounds. Ratios are taken within a round (endpoint / hello-world, endpoint / Fastify, measured
// minutes apart at most), then their median: slow drift of the machine cancels out.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

// On a machine with two or more cores, the server and the load generator each get a core of their own
// (taskset, from util-linux), so neither is scheduled onto the other's: the largest source of noise on a
// small VM. Without taskset they share, as before.
const TASKSET = existsSync('/usr/bin/taskset') && (await import('node:os')).availableParallelism() >= 2 ? '/usr/bin/taskset' : undefined;
const pinned = (core, argv) => (TASKSET ? [TASKSET, ['-c', String(core), ...argv]] : [argv[0], argv.slice(1)]);

function startChild(script, env = {}) {
  return new Promise((resolve, reject) => {
    const [cmd, args] = pinned(1, [process.execPath, script]);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /READY (\S+)/.exec(buf);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}
const stop = ({ child }) => new Promise((r) => { child.removeAllListeners('exit'); child.on('exit', r); child.kill('SIGTERM'); });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function autocannon(url, connections, seconds) {
  const [cmd, args] = pinned(0, [process.execPath, 'bench/load.mjs', url, String(connections), String(seconds), '0']);
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`load generator failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  if (out.non2xx || out.errors) throw new Error(`${url}: ${out.non2xx} non-2xx, ${out.errors} errors`);
  return out;
}

/** CPU time the process has used, in seconds (utime + stime from /proc; Linux). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // fields 14 and 15 of stat(5), in USER_HZ ticks
}

/**
 * A warm-up run, then the measured one: requests a second, and requests per second of the server's own
 * CPU time. The second figure does not move with what else the host runs (time stolen from this VM is
 * not the server's CPU time), so it is the one that agrees from run to run on a shared machine.
 */
function load(server, url, connections, seconds) {
  autocannon(url, connections, 1);
  const cpu0 = cpuSeconds(server.child.pid);
  const out = autocannon(url, connections, seconds);
  const cpu = cpuSeconds(server.child.pid) - cpu0;
  return { ...out, perCpuSecond: out.requests / cpu };
}

/**
 * @param {{ rounds?: number, seconds?: number, connections?: number }} options
 * @returns the per-round figures, the medians and the ratios' spread
 */
export async function compareCachedGet({ rounds = 7, seconds = 2, connections = 50 } = {}) {
  // The document the endpoint serves, so Fastify sends the same bytes and headers.
  const first = await startChild('bench/endpoint-server.mjs');
  let body, etag;
  try {
    const res = await fetch(`${first.url}/v1/campaigns/the-hundred`);
    body = await res.text();
    etag = res.headers.get('etag');
  } finally {
    await stop(first);
  }
  const servers = {
    hello: { script: 'bench/hello-server.mjs', path: '/' },
    endpoint: { script: 'bench/endpoint-server.mjs', path: '/v1/campaigns/the-hundred' },
    fastify: { script: 'bench/fastify-server.mjs', path: '/v1/campaigns/the-hundred', env: { BENCH_BODY: body, BENCH_ETAG: etag } },
  };
  const names = Object.keys(servers);
  const perRound = [];
  for (let round = 0; round < rounds; round++) {
    const figures = {};
    // Rotate the order, so no server always runs first (or right after a start-up elsewhere).
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const s = servers[name];
      const server = await startChild(s.script, s.env ?? {});
      try {
        await sleep(300);
        figures[name] = load(server, `${server.url}${s.path}`, connections, seconds);
      } finally {
        await stop(server);
      }
    }
    perRound.push({
      ...figures,
      vsHello: figures.endpoint.rps / figures.hello.rps,
      vsFastify: figures.endpoint.rps / figures.fastify.rps,
      cpuVsHello: figures.endpoint.perCpuSecond / figures.hello.perCpuSecond,
      cpuVsFastify: figures.endpoint.perCpuSecond / figures.fastify.perCpuSecond,
    });
  }
  const ratios = perRound.map((r) => r.vsHello);
  return {
    rounds, seconds, connections, pinned: Boolean(TASKSET), bodyBytes: Buffer.byteLength(body),
    rps: Object.fromEntries(names.map((n) => [n, Math.round(median(perRound.map((r) => r[n].rps)))])),
    p99ms: Object.fromEntries(names.map((n) => [n, median(perRound.map((r) => r[n].p99))])),
    vsHello: median(ratios),
    vsFastify: median(perRound.map((r) => r.vsFastify)),
    perCpuSecond: Object.fromEntries(names.map((n) => [n, Math.round(median(perRound.map((r) => r[n].perCpuSecond)))])),
    cpuVsHello: median(perRound.map((r) => r.cpuVsHello)),
    cpuVsFastify: median(perRound.map((r) => r.cpuVsFastify)),
    /** (max - min) / median of the per-round ratio to hello-world: how much one round can differ from another. */
    spread: (Math.max(...ratios) - Math.min(...ratios)) / median(ratios),
    perRound: perRound.map((r) => ({
      hello: Math.round(r.hello.rps), endpoint: Math.round(r.endpoint.rps), fastify: Math.round(r.fastify.rps),
      vsHello: Number(r.vsHello.toFixed(3)), vsFastify: Number(r.vsFastify.toFixed(3)),
      cpuVsHello: Number(r.cpuVsHello.toFixed(3)), cpuVsFastify: Number(r.cpuVsFastify.toFixed(3)),
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await compareCachedGet({ rounds: Number(process.env.BENCH_HTTP_ROUNDS ?? 7) })));
