// The peer for the cached-GET benchmark: Fastify answering the same progress document, with the same
// headers, from memory (what a hand-tuned Fastify route caching the JSON would do).
// BENCH_BODY and BENCH_ETAG come from the endpoint's own answer, so both send the same bytes.
import Fastify from 'fastify';

const body = process.env.BENCH_BODY ?? JSON.stringify({ hello: 'world' });
const etag = process.env.BENCH_ETAG ?? '"0"';
const app = Fastify({ logger: false });
app.get('/v1/campaigns/:id', (req, reply) => {
  reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=600')
    .header('etag', etag)
    .header('access-control-allow-origin', '*')
    .send(body);
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${url}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
