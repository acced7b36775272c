import { expect } from '@open-wc/testing';
import { checkoutBody, checkoutSource, requestCheckout, retryAfterSeconds, returnUrlOf, type Gift } from './checkout-client.js';

const gift: Gift = { campaign: 'the-hundred', amount: 2700, currency: 'usd', frequency: 'once', coverFees: true };
const page = new URL('https://partner.example/give/?utm_source=news&utm_medium=email&utm_campaign=nine&email=kim%40example.org&session_id=cs_test_old#top');

/** A fetch stand-in answering once with `res` (or throwing), recording the request. */
function fakeFetch(res: Response | Error) {
  const seen: { url: string; init: RequestInit }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    if (res instanceof Error) throw res;
    return res;
  }) as unknown as typeof fetch;
  return { f, seen };
}
const problem = (status: number, body: object, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'https://rescuekit.dev/problems/x', title: 'x', status, ...body }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('checkout-client: request body', () => {
  it('has the CheckoutRequest shape, UTM source and the page as return URL', () => {
    const body = checkoutBody({ ...gift, tribute: { kind: 'memory', name: 'Grandmother' } }, 'embedded', page);
    expect(body).to.deep.equal({
      campaign: 'the-hundred',
      amount: 2700,
      currency: 'usd',
      frequency: 'once',
      coverFees: true,
      uiMode: 'embedded',
      returnUrl: 'https://partner.example/give/?utm_source=news&utm_medium=email&utm_campaign=nine&email=kim%40example.org#top',
      tribute: { kind: 'memory', name: 'Grandmother' },
      source: { page: 'https://partner.example/give/', utm_source: 'news', utm_medium: 'email', utm_campaign: 'nine' },
    });
    expect(Number.isInteger(body.amount)).to.equal(true);
  });

  it('a monthly Ally’s email goes in the body (Stripe prefill); none without one', () => {
    const body = checkoutBody({ ...gift, frequency: 'monthly', email: 'ally@example.org' }, 'embedded', page);
    expect(body).to.deep.include({ frequency: 'monthly', email: 'ally@example.org' });
    expect(checkoutBody(gift, 'embedded', page)).not.to.have.property('email');
  });

  it('source never carries the query (it may hold personal data) and caps lengths', () => {
    const s = checkoutSource(new URL(`https://p.example/x?utm_term=${'a'.repeat(300)}&name=Kim`));
    expect(s.page).to.equal('https://p.example/x');
    expect(s.utm_term).to.have.length(120);
    expect(JSON.stringify(s)).not.to.include('Kim');
  });

  it('returnUrl drops a previous return’s session_id and checkout flags', () => {
    expect(returnUrlOf(new URL('https://p.example/?a=1&session_id=cs_1&checkout=cancelled'))).to.equal('https://p.example/?a=1');
  });
});

describe('checkout-client: response mapping', () => {
  const body = checkoutBody(gift, 'embedded', page);

  it('POSTs JSON to {endpoint}/v1/checkout with an Idempotency-Key, no credentials', async () => {
    const { f, seen } = fakeFetch(new Response('{"clientSecret":"cs_test_1_secret_2"}', { status: 200 }));
    const r = await requestCheckout('https://api.example', body, { fetch: f, idempotencyKey: 'k1' });
    expect(r).to.deep.equal({ kind: 'embedded', clientSecret: 'cs_test_1_secret_2' });
    expect(seen[0]!.url).to.equal('https://api.example/v1/checkout');
    expect(seen[0]!.init).to.include({ method: 'POST', credentials: 'omit' });
    expect(seen[0]!.init.headers).to.include({ 'content-type': 'application/json', 'idempotency-key': 'k1' });
    expect(JSON.parse(seen[0]!.init.body as string)).to.deep.equal(body);
  });

  it('200 { url } in redirect mode', async () => {
    const { f } = fakeFetch(new Response('{"url":"https://checkout.stripe.com/c/pay/cs_test_1"}', { status: 200 }));
    expect(await requestCheckout('', checkoutBody(gift, 'redirect', page), { fetch: f })).to.deep.equal({ kind: 'redirect', url: 'https://checkout.stripe.com/c/pay/cs_test_1' });
  });

  it('200 that is not the contract is an error (no secret, wrong mode, bad URL)', async () => {
    for (const [json, mode] of [['{}', 'embedded'], ['{"url":"https://x.example"}', 'embedded'], ['{"url":"javascript:alert(1)"}', 'redirect'], ['nope', 'embedded']] as const) {
      const { f } = fakeFetch(new Response(json, { status: 200 }));
      expect(await requestCheckout('', checkoutBody(gift, mode, page), { fetch: f }), json).to.deep.equal({ kind: 'error', status: 200 });
    }
  });

  it('429 -> rate-limited with Retry-After seconds', async () => {
    const { f } = fakeFetch(problem(429, { code: 'rate_limited' }, { 'retry-after': '42' }));
    expect(await requestCheckout('', body, { fetch: f })).to.deep.equal({ kind: 'rate-limited', retryAfter: 42 });
    const { f: g } = fakeFetch(problem(429, { code: 'rate_limited' }));
    expect(await requestCheckout('', body, { fetch: g })).to.deep.equal({ kind: 'rate-limited', retryAfter: undefined });
  });

  it('503 not_configured -> not-configured; any other 503 or 5xx -> error', async () => {
    expect(await requestCheckout('', body, { fetch: fakeFetch(problem(503, { code: 'not_configured', detail: 'Set STRIPE_SECRET_KEY' })).f })).to.deep.equal({ kind: 'not-configured' });
    expect(await requestCheckout('', body, { fetch: fakeFetch(problem(503, { code: 'unavailable' })).f })).to.deep.equal({ kind: 'error', status: 503 });
    expect(await requestCheckout('', body, { fetch: fakeFetch(problem(500, { code: 'internal' })).f })).to.deep.equal({ kind: 'error', status: 500 });
  });

  it('400 problem -> invalid naming the field', async () => {
    expect(await requestCheckout('', body, { fetch: fakeFetch(problem(400, { code: 'invalid_request', field: 'amount', detail: 'amount: the smallest gift is $1' })).f })).to.deep.equal({ kind: 'invalid', field: 'amount' });
    expect(await requestCheckout('', body, { fetch: fakeFetch(problem(400, { code: 'invalid_json' })).f })).to.deep.equal({ kind: 'invalid', field: undefined });
  });

  it('network failure -> error; an abort is rethrown', async () => {
    expect(await requestCheckout('', body, { fetch: fakeFetch(new TypeError('Failed to fetch')).f })).to.deep.equal({ kind: 'error' });
    const ac = new AbortController();
    ac.abort();
    const { f } = fakeFetch(new DOMException('aborted', 'AbortError'));
    let thrown: unknown;
    await requestCheckout('', body, { fetch: f, signal: ac.signal }).catch((e) => (thrown = e));
    expect((thrown as DOMException).name).to.equal('AbortError');
  });

  it('the caller’s abort reaches fetch', async () => {
    const ac = new AbortController();
    const { f, seen } = fakeFetch(new Response('{"clientSecret":"x"}'));
    await requestCheckout('', body, { fetch: f, signal: ac.signal });
    expect(seen[0]!.init.signal!.aborted).to.equal(false);
    const pending = requestCheckout('', body, { fetch: (_u, init) => new Promise((_r, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason))), signal: ac.signal });
    ac.abort();
    let thrown: unknown;
    await pending.catch((e) => (thrown = e));
    expect((thrown as DOMException).name).to.equal('AbortError');
  });

  it('no answer in time -> error without a status, like a network failure (a fallback link may be offered)', async () => {
    const hang: typeof fetch = (_u, init) => new Promise((_r, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason)));
    expect(await requestCheckout('', body, { fetch: hang, timeoutMs: 20 })).to.deep.equal({ kind: 'error' });
  });

  it('Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterSeconds('120')).to.equal(120);
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 1, 0)).toUTCString(), Date.UTC(2026, 0, 1))).to.equal(60);
    expect(retryAfterSeconds('soon')).to.equal(undefined);
    expect(retryAfterSeconds(null)).to.equal(undefined);
  });
});
