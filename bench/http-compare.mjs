// The cached-GET comparison, measured so that runs agree. The VM this runs on changes speed in
// episodes of a few seconds (another tenant, the host's scheduler): a server measured for seconds
// alone, then the next one, often lands in different episodes, and two runs' ratios disagreed by
// 15-50 %. So the comparison is made in short slices instead: all three servers are up (each idle
// while another is loaded, so each is measured alone), the load generator is one long-lived process
// of its own (bench/load.mjs, no start-up per slice), and each slice measures hello-world, the
// endpoint and Fastify for one second each, back to back in a rotating order. A slice's ratios are
// taken within it (three seconds apart at most, mostly one episode), and the figure is their median.
import { spawn } from 'node:child_process';
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
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The load generator: one process of its own for the whole comparison, one run per request. */
function loadGenerator() {
  const [cmd, args] = pinned(0, [process.execPath, 'bench/load.mjs']);
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) waiting.shift()?.(JSON.parse(buf.slice(0, i)));
  });
  return {
    /** One run of `seconds` against `url` with `connections`. */
    run(url, connections, seconds) {
      return new Promise((resolve, reject) => {
        waiting.push((out) => (out.non2xx || out.errors ? reject(new Error(`${url}: ${out.non2xx} non-2xx, ${out.errors} errors`)) : resolve(out)));
        child.stdin.write(`${url} ${connections} ${seconds}\n`);
      });
    },
    close: () => new Promise((r) => (child.on('exit', r), child.stdin.end())),
  };
}

/** CPU time the process has used, in seconds (utime + stime from /proc; Linux). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // fields 14 and 15 of stat(5), in USER_HZ ticks
}

/** One measured run: requests a second, and requests per second of the server's own CPU time. */
async function load(generator, server, url, connections, seconds) {
  const cpu0 = cpuSeconds(server.child.pid);
  const out = await generator.run(url, connections, seconds);
  const cpu = cpuSeconds(server.child.pid) - cpu0;
  return { ...out, perCpuSecond: out.requests / cpu };
}

/**
 * @param {{ rounds?: number, seconds?: number, connections?: number }} options
 * @returns the per-round figures, the medians and the ratios' spread
 */
export async function compareCachedGet({ rounds = 25, seconds = 1, connections = 50 } = {}) {
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
  const generator = loadGenerator();
  const running = {};
  const perRound = [];
  try {
    for (const name of names) running[name] = await startChild(servers[name].script, servers[name].env ?? {});
    await sleep(300);
    // Warm each (JIT, connection pools), alone.
    for (const name of names) await generator.run(`${running[name].url}${servers[name].path}`, connections, 2);
    for (let round = 0; round < rounds; round++) {
      const figures = {};
      // Rotate the order, so no server always runs first in a slice.
      for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
        figures[name] = await load(generator, running[name], `${running[name].url}${servers[name].path}`, connections, seconds);
      }
      perRound.push({
        ...figures,
        vsHello: figures.endpoint.rps / figures.hello.rps,
        vsFastify: figures.endpoint.rps / figures.fastify.rps,
        cpuVsHello: figures.endpoint.perCpuSecond / figures.hello.perCpuSecond,
        cpuVsFastify: figures.endpoint.perCpuSecond / figures.fastify.perCpuSecond,
      });
    }
  } finally {
    await generator.close();
    for (const server of Object.values(running)) await stop(server);
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
    /** (max - min) / median of the per-slice ratio to hello-world: how much one slice can differ from another. */
    spread: (Math.max(...ratios) - Math.min(...ratios)) / median(ratios),
    /** The middle half of the per-slice ratios to hello-world (25th to 75th percentile). */
    iqr: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
    perRound: perRound.map((r) => ({
      hello: Math.round(r.hello.rps), endpoint: Math.round(r.endpoint.rps), fastify: Math.round(r.fastify.rps),
      vsHello: Number(r.vsHello.toFixed(3)), vsFastify: Number(r.vsFastify.toFixed(3)),
      cpuVsHello: Number(r.cpuVsHello.toFixed(3)), cpuVsFastify: Number(r.cpuVsFastify.toFixed(3)),
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await compareCachedGet({ rounds: Number(process.env.BENCH_HTTP_ROUNDS ?? 25) })));
