// Progress carries a campaign's amount rules (minAmount, maxAmount) when the config sets them,
// so a widget can refuse an amount before it calls POST /v1/checkout.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Progress } from '@rescuekit/schema';
import { CONFIG, memoryApp } from './helpers.js';

const read = async (app: { fetch(r: Request): Response | Promise<Response> }, id: string) => {
  const res = await app.fetch(new Request(`http://rk.test/v1/campaigns/${id}`));
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, unknown>;
};

test('GET /v1/campaigns/:id: minAmount and maxAmount from the campaign config, absent when unset; SSE frames carry them too', async () => {
  const config = {
    ...CONFIG,
    campaigns: [
      ...CONFIG.campaigns,
      { id: 'only-min', title: 'Only a minimum', currency: 'usd', goal: 900_000, rescueCost: 300_000, minAmount: 500 },
    ],
  };
  const { app, close } = await memoryApp(config);
  try {
    const team = await read(app, 'team'); // minAmount 100, maxAmount 900000 in CONFIG
    assert.deepEqual([team.minAmount, team.maxAmount], [100, 900_000]);
    assert.ok(Progress.safeParse(team).success, 'the shared zod contract accepts it');
    const big = await read(app, 'big');
    assert.equal('minAmount' in big, false);
    assert.equal('maxAmount' in big, false);
    const onlyMin = await read(app, 'only-min');
    assert.equal(onlyMin.minAmount, 500);
    assert.equal('maxAmount' in onlyMin, false);
    // The live stream sends the same document.
    const res = await app.fetch(new Request('http://rk.test/v1/campaigns/team/events'));
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: progress')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const frame = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
    assert.deepEqual([frame.minAmount, frame.maxAmount], [100, 900_000]);
  } finally {
    await close();
  }
});
