// One autocannon run in a process of its own, so the load generator never shares an event loop (or a
// core's scheduling) with the bench's other work. Prints one JSON line.
//   node bench/load.mjs <url> [connections] [seconds] [warm-up seconds]
import autocannon from 'autocannon';

const [url, connections = '50', seconds = '3', warm = '1'] = process.argv.slice(2);
if (!url) throw new Error('usage: node bench/load.mjs <url> [connections] [seconds] [warm-up seconds]');
if (Number(warm) > 0) await autocannon({ url, connections: Number(connections), duration: Number(warm) });
const r = await autocannon({ url, connections: Number(connections), duration: Number(seconds), pipelining: 1 });
console.log(JSON.stringify({ rps: r.requests.average, requests: r.requests.total, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts }));
