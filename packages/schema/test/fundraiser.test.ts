import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CampaignCreate, CampaignPatch, FundraiserCreate, RescuekitConfig, describeIssue, publicTextProblem, treeIssues } from '@rescuekit/schema';

const camp = (id: string, parent?: string) => ({ id, title: id, currency: 'usd', goal: 900000, rescueCost: 300000, ...(parent ? { parent } : {}) });
const page = { state: 'approved', story: 'A story' } as const;

test('a fundraiser page is a leaf below a team at any level, and takes no level itself', () => {
  const nodes = [camp('l1'), camp('l2', 'l1'), camp('l3', 'l2'), camp('l4', 'l3')];
  assert.deepEqual(treeIssues([...nodes, { ...camp('p', 'l4'), fundraiser: page }]), []);
  assert.match(treeIssues([...nodes, camp('l5', 'l4')])[0]!.detail, /5 levels deep/, 'a campaign of the old kind at level 5 is still refused');
  assert.match(treeIssues([camp('t'), { ...camp('p', 't'), fundraiser: page }, camp('x', 'p')])[0]!.detail, /"p" is a fundraiser page; nothing can be placed under one/);
});

test('the config file, POST /v1/campaigns and PATCH never carry a page', () => {
  const r = RescuekitConfig.safeParse({ campaigns: [camp('t'), { ...camp('p', 't'), fundraiser: page }] });
  assert.equal(r.success, false);
  assert.match(describeIssue(r.error!).detail, /^campaigns\.1\.fundraiser: a fundraiser page is started from its team's join link/);
  assert.equal(CampaignCreate.safeParse({ ...camp('p', 't'), fundraiser: page }).success, false);
  assert.equal(describeIssue(CampaignPatch.safeParse({ fundraiser: page }).error!).field, 'fundraiser');
  assert.equal(CampaignPatch.safeParse({ fundraisers: 'auto' }).success, true, "a team's intake is a setting");
});

test('public text: control characters, direction overrides and invisible runs are refused; joiners in emoji and Korean pass', () => {
  for (const bad of ['a\u202eb', 'a\u2066b', 'a\u200fb', 'a\u061cb', 'a\u200b\u200cb', 'a\ufeffb', 'a\u2060b', 'bell\u0007', 'esc\u001b[31m', 'c1\u0085']) {
    assert.ok(publicTextProblem(bad, true), JSON.stringify(bad));
  }
  assert.equal(publicTextProblem('a\nb', false), 'must be one line');
  assert.equal(publicTextProblem('   ', false), 'must not be blank');
  assert.equal(publicTextProblem(Array.from({ length: 21 }, () => 'x').join('\n'), true), 'must be at most 20 lines');
  for (const good of ['Mina Park', '박미나의 생일 모금', '👩‍👩‍👧 family run', 'שלום', 'مرحبا', 'Line one\nLine two', '<script>alert(1)</script>']) {
    assert.equal(publicTextProblem(good, true), undefined, good);
  }
});

test('every string with a bidi override or control character is refused by the create body (property)', () => {
  const poison = fc.constantFrom('\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u0000', '\u0008', '\u007f', '\u009b');
  fc.assert(
    fc.property(fc.string({ maxLength: 20 }), poison, fc.string({ maxLength: 20 }), fc.constantFrom('displayName', 'story', 'occasion'), (a, p, b, field) => {
      const body = { displayName: 'Mina', goal: 30000, story: 'A story', [field]: `x${a}${p}${b}` };
      const r = FundraiserCreate.safeParse(body);
      return !r.success && describeIssue(r.error).field === field;
    }),
  );
});

test('create body: names trimmed, one line, at most 60; goal in whole minor units; a real calendar date', () => {
  const ok = FundraiserCreate.safeParse({ displayName: '  Mina  ', goal: 30000, story: 'x', date: '2028-02-29' });
  assert.ok(ok.success);
  assert.equal(ok.data.displayName, 'Mina');
  assert.equal(describeIssue(FundraiserCreate.safeParse({ displayName: 'x'.repeat(61), goal: 1, story: 'x' }).error!).field, 'displayName');
  assert.equal(describeIssue(FundraiserCreate.safeParse({ displayName: 'x', goal: 10.5, story: 'x' }).error!).field, 'goal');
  assert.equal(describeIssue(FundraiserCreate.safeParse({ displayName: 'x', goal: 1, story: 'x', date: '2027-02-29' }).error!).field, 'date');
  assert.equal(describeIssue(FundraiserCreate.safeParse({ displayName: 'x', goal: 1, story: 'x', website: 'https://x' }).error!).field, 'website');
});
