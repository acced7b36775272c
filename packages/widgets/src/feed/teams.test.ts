import { expect } from '@open-wc/testing';
import { TeamsFeed } from '@rescuekit/schema';
import { parseTeams } from './teams.js';
import { teams } from '../test-support/fixtures.js';

const [first] = teams.teams;
const withTeam = (team: unknown) => ({ ...teams, teams: [team, ...teams.teams.slice(1)] });

describe('parseTeams agrees with the zod TeamsFeed contract', () => {
  const cases: Record<string, unknown> = {
    valid: teams,
    'no teams': { ...teams, teams: [], count: 0 },
    'extra fields dropped (a donor name among them)': { ...teams, donorName: 'Kim Secret', teams: teams.teams.map((t) => ({ ...t, donorName: 'Kim Secret' })) },
    'stale parent': { ...teams, campaign: { ...teams.campaign, stale: true } },
    'stale false': { ...teams, campaign: { ...teams.campaign, stale: false } },
    'stale not a boolean': { ...teams, campaign: { ...teams.campaign, stale: 'yes' } },
    'parent progress invalid': { ...teams, campaign: { ...teams.campaign, raised: 1.5 } },
    'parent missing': (({ campaign: _, ...rest }) => rest)(teams),
    'teams not an array': { ...teams, teams: {} },
    'count missing': (({ count: _, ...rest }) => rest)(teams),
    'count a string': { ...teams, count: '3' },
    'count not whole': { ...teams, count: 2.5 },
    'updatedAt a number': { ...teams, updatedAt: 0 },
    'team slug bad': withTeam({ ...first, campaign: 'Riverside Team' }),
    'team title missing': withTeam((({ title: _, ...rest }) => rest)(first!)),
    'team raised a string': withTeam({ ...first, raised: '420000' }),
    'team goal unsafe': withTeam({ ...first, goal: 2 ** 53 }),
    'team donors NaN': withTeam({ ...first, donors: Number.NaN }),
    'team rescues missing': withTeam((({ rescuesFunded: _, ...rest }) => rest)(first!)),
    'team negative raised (a refund-heavy team)': withTeam({ ...first, raised: -500 }),
    'team null': withTeam(null),
    'team a string': withTeam('rescue-team-demo'),
    null: null,
    array: [teams],
    string: JSON.stringify(teams),
  };
  for (const [name, input] of Object.entries(cases)) {
    it(name, () => {
      const zod = TeamsFeed.safeParse(input);
      expect(parseTeams(input)).to.deep.equal(zod.success ? zod.data : undefined);
    });
  }

  it('the cases cover both answers', () => {
    const answers = Object.values(cases).map((c) => TeamsFeed.safeParse(c).success);
    expect(answers.filter(Boolean).length).to.be.greaterThan(3);
    expect(answers.filter((a) => !a).length).to.be.greaterThan(10);
  });
});
