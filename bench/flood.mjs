// One address floods the built endpoint (started under ulimit -n 1024) with 1,100 half-sent webhook
// uploads; meanwhile another address asks /healthz 300 times. Prints one JSON line: how many flood
// sockets the server closed at once, and the health checks' answers and latency (p50, p99).
// Loopback only; bounded in count and time; stops by itself. Run by scripts/bench.mjs after the build.
import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { connect } from 'node:net';

const FLOOD = Number(process.env.BENCH_FLOOD_SOCKETS ?? 1100);
const CHECKS = 300;
const child = spawn('sh', ['-c', `ulimit -n 1024 && exec "${process.execPath}" bench/endpoint-server.mjs`], { stdio: ['ignore', 'pipe', 'inherit'] });
const deadline = setTimeout(() => (child.kill('SIGKILL'), process.exit(1)), 120_000);
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = /READY (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.on('exit', (code) => reject(new Error(`endpoint exited with ${code}`)));
});
const port = Number(new URL(url).port);
const flood = [];
let closed = 0;
for (let i = 0; i < FLOOD; i++) {
  flood.push(await new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1' }, () => {
      s.write(`POST /v1/webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(500)}`);
      resolve(s);
    });
    s.on('error', () => resolve(s));
    s.on('close', () => closed++);
    s.resume();
  }));
}
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const times = [];
const statuses = {};
for (let i = 0; i < CHECKS; i++) {
  const t0 = performance.now();
  const status = await new Promise((resolve) => {
    const req = request(`${url}/healthz`, { agent, localAddress: '127.0.0.2' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve('error'));
    req.setTimeout(5_000, () => req.destroy());
    req.end();
  });
  times.push(performance.now() - t0);
  statuses[status] = (statuses[status] ?? 0) + 1;
}
const sorted = [...times].sort((a, b) => a - b);
const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(JSON.stringify({ floodSockets: FLOOD, closedAtOnce: closed, checks: CHECKS, statuses, p50ms: at(0.5), p99ms: at(0.99) }));
for (const s of flood) s.destroy();
agent.destroy();
child.kill('SIGTERM');
clearTimeout(deadline);
