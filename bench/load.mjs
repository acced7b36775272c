// The load generator, in a process of its own, so it never shares an event loop (or a core's
// scheduling) with the bench's other work. Two ways to run it:
//   node bench/load.mjs <url> [connections] [seconds] [warm-up seconds]   one run, one JSON line
//   node bench/load.mjs                                                   one run per stdin line
//     ("<url> <connections> <seconds>"), one JSON line each: many short runs without a start-up each
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

async function run(url, connections, seconds) {
  const r = await autocannon({ url, connections: Number(connections), duration: Number(seconds), pipelining: 1 });
  return JSON.stringify({ rps: r.requests.average, requests: r.requests.total, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts });
}

const [url, connections = '50', seconds = '3', warm = '1'] = process.argv.slice(2);
if (url) {
  if (Number(warm) > 0) await autocannon({ url, connections: Number(connections), duration: Number(warm) });
  console.log(await run(url, connections, seconds));
} else {
  for await (const line of createInterface({ input: process.stdin })) {
    const [u, c, s] = line.trim().split(/\s+/);
    if (u) console.log(await run(u, c, s));
  }
}
