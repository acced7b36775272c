/**
 * People instead of shared keys, on both stores: invites by link for a role on a campaign, taken once;
 * each role reaches its campaign and everything below it and nothing else; invites never grant more
 * than their maker holds; approval comes from an organiser above the recording campaign and never
 * from the person who recorded; approved cash is voided only by someone who could approve it; a
 * revoked person is refused on the next request on another server; ledger rows name the person.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const base = { currency: 'usd', goal: 900_000, rescueCost: 300_000 } as const;
const CONFIG: RescuekitConfig = {
  publicUrl: 'https://give.example',
  campaigns: [
    { id: 'movement', title: 'The Movement', ...base },
    { id: 'north', title: 'North', parent: 'movement', ...base },
    { id: 'south', title: 'South', parent: 'movement', ...base },
    { id: 'team-a1', title: 'Team A1', parent: 'north', cashNeedsApproval: true, ...base },
    { id: 'team-a2', title: 'Team A2', parent: 'north', cashNeedsApproval: true, ...base },
    { id: 'team-b1', title: 'Team B1', parent: 'south', cashNeedsApproval: true, ...base },
  ],
};

interface Problem { status: number; code: string; detail: string; field?: string }

for (const backend of BACKENDS) {
  describe(`${backend.name}: people and roles`, () => {
    let url = '';
    const stores: Store[] = [];
    const apps: App[] = [];
    let ip = 0;
    async function open(config: RescuekitConfig = CONFIG): Promise<App> {
      const store = await openStore(url);
      const app = createApp({ config, store, adminToken: ADMIN, logger: () => {} });
      await app.ready;
      stores.push(store);
      apps.push(app);
      return app;
    }
    before(async () => {
      url = await backend.fresh();
      await open();
    });
    after(async () => {
      for (const a of apps) await a.close();
      for (const s of stores) await s.close();
    });
    const call = async (method: string, path: string, token: string | undefined, body?: unknown, app = apps[0]!) => {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (method === 'POST' && path.endsWith('/offline-gifts')) headers['idempotency-key'] = crypto.randomUUID();
      // A new address per call: the guessing limit is tested elsewhere.
      const res = await app.fetch(new Request(`http://rk.test${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { ip: `198.51.100.${(ip++ % 250) + 1}` });
      const text = await res.text();
      return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as Record<string, any> };
    };
    const refused = async (p: Promise<{ status: number; body: Record<string, any> }>, status: number, pattern?: RegExp) => {
      const r = await p;
      assert.equal(r.status, status, JSON.stringify(r.body));
      if (pattern) assert.match((r.body as Problem).detail ?? (r.body as Problem).code, pattern);
      return r.body as Problem;
    };
    /** Invites `role` to `campaign` as `by`, takes the link, and answers the new person's key and id. */
    const join = async (by: string, campaign: string, role: string, label?: string) => {
      const invite = await call('POST', `/v1/campaigns/${campaign}/invites`, by, { role, ...(label ? { label } : {}) });
      assert.equal(invite.status, 201, JSON.stringify(invite.body));
      assert.match(invite.body['url'], /^https:\/\/give\.example\/console\/join#rk_invite_[A-Za-z0-9_-]{22}$/);
      assert.equal(invite.body['url'].split('#')[1], invite.body['code']);
      const taken = await call('POST', '/v1/invites/accept', undefined, { code: invite.body['code'] });
      assert.equal(taken.status, 201, JSON.stringify(taken.body));
      assert.match(taken.body['key'], /^rk_person_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual([taken.body['person'].campaign, taken.body['person'].role], [campaign, role]);
      return { key: taken.body['key'] as string, id: taken.body['person'].id as string, code: invite.body['code'] as string, invite: invite.body['id'] as string };
    };
    const raised = async (id: string) => (await call('GET', `/v1/campaigns/${id}`, undefined)).body['raised'] as number;
    const gift = (by: string, campaign: string, amount: number) => call('POST', `/v1/campaigns/${campaign}/offline-gifts`, by, { amount, currency: 'usd', category: 'bake_sale' });

    let organiser = { key: '', id: '' };
    let lead = { key: '', id: '' };
    let treasurer = { key: '', id: '' };
    let recorder = { key: '', id: '' };

    test('invites go down the tree and never grant more than their maker holds', async () => {
      organiser = await join(ADMIN, 'north', 'organiser', 'North organiser');
      await refused(call('POST', '/v1/campaigns/movement/invites', organiser.key, { role: 'recorder' }), 403, /organiser over movement|its lead/);
      await refused(call('POST', '/v1/campaigns/team-b1/invites', organiser.key, { role: 'lead' }), 403);
      lead = await join(organiser.key, 'team-a1', 'lead');
      await refused(call('POST', '/v1/campaigns/team-a1/invites', lead.key, { role: 'organiser' }), 403, /up to lead/);
      await refused(call('POST', '/v1/campaigns/team-a2/invites', lead.key, { role: 'recorder' }), 403, /sibling|organiser over team-a2|its lead/);
      await refused(call('POST', '/v1/campaigns/north/invites', lead.key, { role: 'recorder' }), 403);
      treasurer = await join(lead.key, 'team-a1', 'treasurer');
      recorder = await join(lead.key, 'team-a1', 'recorder');
      await refused(call('POST', '/v1/campaigns/team-a1/invites', treasurer.key, { role: 'recorder' }), 403);
      await refused(call('POST', '/v1/campaigns/team-a1/invites', lead.key, { role: 'captain' }), 400, /role/);
      await refused(call('POST', '/v1/campaigns/team-a1/invites', lead.key, { role: 'recorder', rol: 'x' }), 400, /rol/);
    });

    test('an invite is taken once; an expired or withdrawn one is refused; an unknown code is a guess', async () => {
      const invite = await call('POST', '/v1/campaigns/team-a1/invites', lead.key, { role: 'recorder' });
      const code = invite.body['code'] as string;
      const [a, b] = await Promise.all([call('POST', '/v1/invites/accept', undefined, { code }), call('POST', '/v1/invites/accept', undefined, { code })]);
      assert.deepEqual([a.status, b.status].sort(), [201, 410], 'two takes at once make one person');
      assert.equal((a.status === 410 ? a : b).body['code'], 'invite_used');
      await refused(call('POST', '/v1/invites/accept', undefined, { code }), 410);

      const expiring = await call('POST', '/v1/campaigns/team-a1/invites', lead.key, { role: 'recorder' });
      const raw = await backend.raw(url);
      try {
        await raw.all('UPDATE invites SET expires_at = ? WHERE id = ?', [new Date(Date.now() - 1000).toISOString(), expiring.body['id']]);
      } finally {
        await raw.close();
      }
      assert.equal((await refused(call('POST', '/v1/invites/accept', undefined, { code: expiring.body['code'] }), 410)).code, 'invite_expired');

      const withdrawn = await call('POST', '/v1/campaigns/team-a1/invites', lead.key, { role: 'recorder' });
      const listed = await call('GET', '/v1/campaigns/team-a1/invites', lead.key);
      assert.deepEqual(listed.body['invites'].map((i: { id: string }) => i.id), [withdrawn.body['id']], 'only open invites are listed, never a code');
      assert.ok(!JSON.stringify(listed.body).includes('rk_invite_'));
      assert.equal((await call('DELETE', `/v1/invites/${withdrawn.body['id']}`, lead.key)).status, 200);
      assert.equal((await refused(call('POST', '/v1/invites/accept', undefined, { code: withdrawn.body['code'] }), 410)).code, 'invite_revoked');
      assert.equal((await refused(call('POST', '/v1/invites/accept', undefined, { code: `rk_invite_${'A'.repeat(22)}` }), 404)).code, 'invite_not_found');
      await refused(call('DELETE', `/v1/invites/${withdrawn.body['id']}`, treasurer.key), 403);
    });

    test('each role reaches its campaign and below, and does only what its role allows', async () => {
      // Recording: every role, inside its reach only.
      const recorded = await gift(recorder.key, 'team-a1', 4500);
      assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
      assert.equal(recorded.body['gift'].status, 'pending');
      await refused(gift(recorder.key, 'team-a2', 100), 403, /over team-a1/);
      await refused(gift(recorder.key, 'north', 100), 403);
      await refused(gift(treasurer.key, 'team-b1', 100), 403);
      await refused(gift(organiser.key, 'team-b1', 100), 403, /over north/);
      // Listing and exporting.
      assert.equal((await call('GET', '/v1/campaigns/team-a1/offline-gifts', recorder.key)).status, 200);
      await refused(call('GET', '/v1/campaigns/team-a1/ledger.csv', recorder.key), 403, /treasurer role/);
      // Approval comes from above, never from the team itself.
      const giftId = recorded.body['gift'].id as string;
      for (const who of [recorder, treasurer, lead]) await refused(call('POST', `/v1/campaigns/team-a1/offline-gifts/${giftId}/approve`, who.key), 403, /from above/);
      const before = await Promise.all(['team-a1', 'north', 'movement', 'south'].map(raised));
      const approved = await call('POST', `/v1/campaigns/team-a1/offline-gifts/${giftId}/approve`, organiser.key);
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      const after = await Promise.all(['team-a1', 'north', 'movement', 'south'].map(raised));
      assert.deepEqual(after.map((x, i) => x - before[i]!), [4500, 4500, 4500, 0], 'counted at team, region and movement, not the other region');
      // Voids: a reason from people; approved cash only by someone who could approve it.
      await refused(call('POST', `/v1/campaigns/team-a1/offline-gifts/${giftId}/void`, recorder.key, { reason: 'typo' }), 403, /treasurer role/);
      await refused(call('POST', `/v1/campaigns/team-a1/offline-gifts/${giftId}/void`, treasurer.key, {}), 400, /reason/);
      await refused(call('POST', `/v1/campaigns/team-a1/offline-gifts/${giftId}/void`, treasurer.key, { reason: 'typo' }), 409, /could approve/);
      const second = await gift(treasurer.key, 'team-a1', 900);
      const voided = await call('POST', `/v1/campaigns/team-a1/offline-gifts/${second.body['gift'].id}/void`, treasurer.key, { reason: 'counted twice' });
      assert.equal(voided.status, 200, JSON.stringify(voided.body));
      // The organiser's own cash below it waits for someone else.
      const own = await gift(organiser.key, 'team-a2', 1200);
      assert.equal(own.body['gift'].status, 'pending');
      await refused(call('POST', `/v1/campaigns/team-a2/offline-gifts/${own.body['gift'].id}/approve`, organiser.key), 403, /You recorded this gift/);
      assert.equal((await call('POST', `/v1/campaigns/team-a2/offline-gifts/${own.body['gift'].id}/approve`, ADMIN)).status, 200);
      // An organiser does not approve cash on its own campaign: that comes from above it.
      const onRegion = await gift(lead.key, 'north', 100);
      assert.equal(onRegion.status, 403, 'a lead does not reach its parent');
      // The export names the people.
      const csv = await call('GET', '/v1/campaigns/team-a1/ledger.csv', treasurer.key);
      assert.equal(csv.status, 200);
      assert.match(String(csv.body), new RegExp(`person:${recorder.id}`));
      assert.match(String(csv.body), new RegExp(`person:${treasurer.id}`));
      const rows = await backend.raw(url);
      try {
        const [row] = await rows.all<{ recorded_by: string; approved_by: string }>('SELECT recorded_by, approved_by FROM ledger WHERE id = ?', [giftId]);
        assert.deepEqual(row, { recorded_by: `person:${recorder.id}`, approved_by: `person:${organiser.id}` });
      } finally {
        await rows.close();
      }
    });

    test('the approval queue across a subtree: oldest first, decided per gift, a rejected gift never counts', async () => {
      const g: string[] = [];
      for (const amount of [300, 400, 500]) g.push((await gift(recorder.key, 'team-a1', amount)).body['gift'].id as string);
      const own = (await gift(organiser.key, 'team-a2', 700)).body['gift'].id as string;
      const queue = await call('GET', '/v1/approvals?campaign=north', organiser.key);
      assert.equal(queue.status, 200, JSON.stringify(queue.body));
      const listed = queue.body['gifts'] as { id: string; campaign: string; amount: number; mine: boolean; createdAt: string }[];
      assert.deepEqual(listed.map((x) => x.id).sort(), [...g, own].sort(), 'every pending gift below north, across teams');
      assert.deepEqual(listed.filter((x) => x.mine).map((x) => x.id), [own]);
      assert.deepEqual([...listed.map((x) => x.createdAt)].sort(), listed.map((x) => x.createdAt));
      await refused(call('GET', '/v1/approvals?campaign=north', lead.key), 403);
      await refused(call('GET', '/v1/approvals?campaign=team-a1', treasurer.key), 403);
      await refused(call('GET', '/v1/approvals?campaign=movement', organiser.key), 403, /organisers/);
      await refused(call('POST', '/v1/approvals', organiser.key, { gifts: [g[0]], decision: 'approve', extra: 1 }), 400, /extra/);

      const before = await Promise.all(['team-a1', 'north', 'movement'].map(raised));
      const decided = await call('POST', '/v1/approvals', organiser.key, { gifts: [g[0], g[1], own, 'gift_nosuchgift'], decision: 'approve' });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      assert.deepEqual(decided.body['results'].map((r: { outcome: string }) => r.outcome), ['approved', 'approved', 'own_gift', 'not_found'], 'one refusal does not undo the rest');
      const after = await Promise.all(['team-a1', 'north', 'movement'].map(raised));
      assert.deepEqual(after.map((x, i) => x - before[i]!), [700, 700, 700]);

      const pendingOf = async () => ((await call('GET', '/v1/campaigns/team-a1', undefined)).body['pending'] as number | undefined) ?? 0;
      const pendingBefore = await pendingOf();
      const rejected = await call('POST', '/v1/approvals', organiser.key, { gifts: [g[2]], decision: 'reject', reason: 'no receipt' });
      assert.deepEqual(rejected.body['results'].map((r: { outcome: string }) => r.outcome), ['rejected']);
      assert.equal(await pendingOf(), pendingBefore - 500);
      assert.deepEqual(await Promise.all(['team-a1', 'north', 'movement'].map(raised)), after, 'a rejected gift is never counted');
      const again = await call('POST', '/v1/approvals', ADMIN, { gifts: [g[2], g[0]], decision: 'reject' });
      assert.deepEqual(again.body['results'].map((r: { outcome: string }) => r.outcome), ['already_rejected', 'already_approved']);
      assert.deepEqual((await call('POST', '/v1/approvals', ADMIN, { gifts: [g[2]], decision: 'approve' })).body['results'].map((r: { outcome: string }) => r.outcome), ['voided']);
      const book = (await call('GET', '/v1/campaigns/team-a1/offline-gifts', recorder.key)).body['gifts'] as { id: string; rejectedBy: string | null }[];
      assert.equal(book.find((x) => x.id === g[2])?.rejectedBy, `person:${organiser.id}`);
      assert.deepEqual((await call('GET', '/v1/approvals?campaign=north', organiser.key)).body['gifts'].map((x: { id: string }) => x.id), [own]);
      const south = await call('POST', '/v1/approvals', organiser.key, { gifts: [own], decision: 'approve' });
      assert.equal(south.body['results'][0].outcome, 'own_gift');
    });

    test('a lead edits its team\'s page; an organiser creates, moves and archives below its own campaign; money fields stay the admin\'s', async () => {
      assert.equal((await call('PATCH', '/v1/campaigns/team-a1', lead.key, { title: 'Team A1 <b>', description: 'Bake sales every Friday', goal: 1_200_000 })).status, 200);
      assert.equal((await call('GET', '/v1/campaigns/team-a1', undefined)).body['title'], 'Team A1 <b>');
      await refused(call('PATCH', '/v1/campaigns/team-a1', lead.key, { archived: true }), 403, /a lead changes only/);
      const field = await refused(call('PATCH', '/v1/campaigns/team-a1', lead.key, { cashNeedsApproval: false }), 403, /only the admin/);
      assert.equal(field.field, 'cashNeedsApproval');
      await refused(call('PATCH', '/v1/campaigns/team-a2', lead.key, { title: 'Not mine' }), 403);
      // An organiser does not archive its own campaign: on it, it holds a lead's page fields only.
      await refused(call('PATCH', '/v1/campaigns/north', organiser.key, { archived: true }), 403, /a lead changes only/);
      await refused(call('PATCH', '/v1/campaigns/team-a1', organiser.key, { maxAmount: 1 }), 403, /only the admin/);
      await refused(call('PATCH', '/v1/campaigns/team-a1', organiser.key, { adaptivePricing: true }), 403, /only the admin/);
      await refused(call('PATCH', '/v1/campaigns/team-a1', treasurer.key, { title: 'x' }), 403);

      const made = await call('POST', '/v1/campaigns', organiser.key, { id: 'team-a3', title: 'Team A3', parent: 'north', ...base });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      assert.equal(made.body['campaign'].cashNeedsApproval, undefined, 'north does not hold cash for approval, so neither does its new team');
      const heldTeam = await call('POST', '/v1/campaigns', organiser.key, { id: 'team-a3-juniors', title: 'Juniors', parent: 'team-a1', ...base });
      assert.equal(heldTeam.body['campaign'].cashNeedsApproval, true, 'a team under team-a1 takes its approval rule');
      await refused(call('POST', '/v1/campaigns', organiser.key, { id: 'team-b9', title: 'B9', parent: 'south', ...base }), 403);
      await refused(call('POST', '/v1/campaigns', organiser.key, { id: 'rogue', title: 'Rogue', ...base }), 403);
      await refused(call('POST', '/v1/campaigns', organiser.key, { id: 'team-a4', title: 'A4', parent: 'north', allowedOrigins: ['https://evil.example'], ...base }), 403, /only the admin/);
      await refused(call('POST', '/v1/campaigns', lead.key, { id: 'team-a5', title: 'A5', parent: 'team-a1', ...base }), 403);
      assert.equal((await call('PATCH', '/v1/campaigns/team-a3', organiser.key, { parent: 'team-a2' })).status, 200, 'a move inside its subtree');
      await refused(call('PATCH', '/v1/campaigns/team-a3', organiser.key, { parent: 'south' }), 403, /parent: must be north/);
      assert.equal((await call('PATCH', '/v1/campaigns/team-a3', organiser.key, { archived: true })).status, 200);

      const listed = await call('GET', '/v1/campaigns?under=north', organiser.key);
      assert.deepEqual(listed.body['campaigns'].map((x: { id: string }) => x.id).sort(), ['north', 'team-a1', 'team-a2', 'team-a3', 'team-a3-juniors']);
      await refused(call('GET', '/v1/campaigns?under=south', organiser.key), 403);
      await refused(call('GET', '/v1/campaigns', organiser.key), 400, /under/);
    });

    test('the welcome pack: page, poster, images and an embed snippet per element, for anyone reaching the team', async () => {
      const pack = await call('GET', '/v1/campaigns/team-a1/pack', treasurer.key);
      assert.equal(pack.status, 200, JSON.stringify(pack.body));
      assert.equal(pack.body['page'], 'https://give.example/c/team-a1');
      assert.equal(pack.body['poster'], 'https://give.example/c/team-a1/poster');
      assert.equal(pack.body['join'], 'https://give.example/c/team-a1/join');
      assert.equal(pack.body['images'].png, 'https://give.example/v1/campaigns/team-a1/card.png');
      assert.equal(pack.body['images'].square, 'https://give.example/v1/campaigns/team-a1/card-square.png');
      assert.equal(pack.body['images'].story, 'https://give.example/v1/campaigns/team-a1/card-story.png');
      assert.equal(pack.body['qr'].url, pack.body['page']);
      const qr = new Resvg(pack.body['qr'].svg, { fitTo: { mode: 'width', value: 400 } }).render();
      assert.equal(jsQR(new Uint8ClampedArray(qr.pixels), qr.width, qr.height)?.data, 'https://give.example/c/team-a1', 'the QR code scans to the hosted page');
      const embeds = pack.body['embeds'] as { element: string; height: number; snippet: string; url: string }[];
      assert.deepEqual(embeds.map((e) => e.element), ['rescue-thermometer', 'nine-lives-picker', 'monthly-ally-signup', 'rescue-donate-button', 'rescue-leaderboard']);
      const thermo = embeds[0]!;
      assert.match(thermo.snippet, /^<iframe src="https:\/\/give\.example\/embed\/rescue-thermometer\?campaign=team-a1"\n  title="Team A1 &lt;b&gt;" width="100%" height="220"/);
      assert.match(thermo.snippet, /e\.origin !== 'https:\/\/give\.example'/);
      const framed = await apps[0]!.fetch(new Request(thermo.url.replace('https://give.example', 'http://rk.test')));
      assert.equal(framed.status, 200, 'the snippet frames a page that exists');
      await refused(call('GET', '/v1/campaigns/team-b1/pack', treasurer.key), 403);
      await refused(call('GET', '/v1/campaigns/nope/pack', ADMIN), 404);
    });

    test('another region\'s organiser, a team key and a stranger are refused', async () => {
      const south = await join(ADMIN, 'south', 'organiser');
      await refused(gift(south.key, 'team-a1', 100), 403, /over south/);
      await refused(call('GET', '/v1/people?campaign=north', south.key), 403);
      const teamKey = (await call('POST', '/v1/campaigns/team-a1/keys', ADMIN, {})).body['token'] as string;
      assert.equal((await gift(teamKey, 'team-a1', 300)).status, 201, 'team keys keep working');
      await refused(call('POST', '/v1/campaigns/team-a1/invites', teamKey, { role: 'recorder' }), 403, /team key cannot invite/);
      await refused(call('GET', '/v1/people?campaign=team-a1', `rk_person_${'x'.repeat(43)}`), 401);
      // A child of a sibling: a lead of team-a2 does not reach team-a1's sub-team.
      const leadA2 = await join(organiser.key, 'team-a2', 'lead');
      await refused(gift(leadA2.key, 'team-a3-juniors', 100), 403, /over team-a2/);
      assert.equal((await gift(lead.key, 'team-a3-juniors', 100)).status, 201, 'a lead reaches its own sub-team');
      // Unassigned money: organisers of the whole movement may look; assigning stays the admin's.
      const movement = await join(ADMIN, 'movement', 'organiser');
      assert.equal((await call('GET', '/v1/unassigned', movement.key)).status, 200);
      await refused(call('GET', '/v1/unassigned', south.key), 403, /whole movement/);
      await refused(call('POST', '/v1/unassigned/pi_x/assign', movement.key, { campaign: 'north' }), 403);
      // The settings this server runs with: organisers and the admin, never a secret.
      const seen = await call('GET', '/v1/settings', south.key);
      assert.equal(seen.status, 200);
      assert.equal(seen.body['publicUrl'], 'https://give.example');
      assert.match(seen.body['readAt'], /^\d{4}-\d{2}-\d{2}T/);
      assert.ok(!JSON.stringify(seen.body).includes(ADMIN));
      await refused(call('GET', '/v1/settings', leadA2.key), 403);
      await refused(call('GET', '/v1/settings', teamKey), 403);
    });

    test('people are listed by those over them, and a revoked person is refused on another server', async () => {
      const listed = await call('GET', '/v1/people?campaign=north', organiser.key);
      assert.equal(listed.status, 200);
      const ids = listed.body['people'].map((p: { id: string }) => p.id);
      for (const p of [organiser, lead, treasurer, recorder]) assert.ok(ids.includes(p.id), p.id);
      assert.ok(!JSON.stringify(listed.body).includes('rk_person_'), 'never a key');
      assert.equal((await call('GET', '/v1/people?campaign=team-a1', lead.key)).status, 200);
      await refused(call('GET', '/v1/people?campaign=north', lead.key), 403);
      await refused(call('DELETE', `/v1/people/${organiser.id}`, lead.key), 403, /organiser over north/);
      const otherLead = await join(organiser.key, 'team-a1', 'lead');
      await refused(call('DELETE', `/v1/people/${organiser.id}`, otherLead.key), 403);
      const deputy = await join(organiser.key, 'north', 'organiser');
      assert.equal((await call('DELETE', `/v1/people/${deputy.id}`, organiser.key)).status, 200, 'an organiser revokes an organiser of its own campaign');
      const me = await call('GET', '/v1/people/me', treasurer.key);
      assert.deepEqual([me.body['kind'], me.body['person'].id, me.body['person'].role], ['person', treasurer.id, 'treasurer']);

      const other = await open();
      assert.equal((await gift(treasurer.key, 'team-a1', 200)).status, 201);
      assert.equal((await call('DELETE', `/v1/people/${treasurer.id}`, lead.key)).status, 200);
      await refused(call('POST', '/v1/campaigns/team-a1/offline-gifts', treasurer.key, { amount: 200, currency: 'usd' }, other), 401);
      await refused(call('GET', '/v1/people/me', treasurer.key), 401);
      assert.equal((await call('GET', '/v1/people/me', recorder.key, undefined, other)).status, 200, 'the rest of the team keeps working');
    });

    test('invite codes and person keys share the guessing limit with every other credential', async () => {
      const guess = (body: unknown, token?: string) =>
        apps[0]!.fetch(new Request(`http://rk.test${token ? '/v1/people/me' : '/v1/invites/accept'}`, {
          method: token ? 'GET' : 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(token ? {} : { body: JSON.stringify(body) }),
        }), { ip: '203.0.113.77' });
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await guess({ code: `rk_invite_${String(i).padStart(22, 'Z')}` })).status);
      for (let i = 0; i < 10; i++) statuses.push((await guess(undefined, `rk_person_${String(i).padStart(43, 'Q')}`)).status);
      assert.deepEqual(statuses, [...Array(10).fill(404), ...Array(10).fill(401)]);
      const invite = await call('POST', '/v1/campaigns/team-a1/invites', ADMIN, { role: 'recorder' });
      const limited = await guess({ code: invite.body['code'] });
      assert.equal(limited.status, 429, 'the 21st attempt from the address is refused, a right code included');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await call('POST', '/v1/invites/accept', undefined, { code: invite.body['code'] })).status, 201, 'from another address the code still works once');
    });

    test('invite links need publicUrl', async () => {
      const app = await open({ ...CONFIG, publicUrl: undefined });
      const r = await refused(call('POST', '/v1/campaigns/team-a1/invites', ADMIN, { role: 'lead' }, app), 400, /publicUrl/);
      assert.equal(r.field, 'publicUrl');
    });
  });
}
