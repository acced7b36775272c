/**
 * Personal fundraising pages: a supporter's page under a Rescue Team, opened from the team's join
 * link. Every text on it is typed by a member of the public and shown to everyone, so it is checked
 * here, once, for both the endpoint and the pages: plain text only, no control characters, no bidi
 * overrides, no runs of invisible characters.
 */
import * as z from 'zod/mini';
import { MinorAmount } from './primitives.js';

/** What a page is now: `pending` (waiting for a lead), `approved` (public), `rejected`, `taken_down`, `closed` (public, takes no gifts). */
export const FUNDRAISER_STATES = ['pending', 'approved', 'rejected', 'taken_down', 'closed'] as const;
export const FundraiserState = z.enum(FUNDRAISER_STATES);
export type FundraiserState = z.infer<typeof FundraiserState>;

/** Whether a page in this state is shown to the public (its page, progress, images, feeds). */
export const isPublicState = (state: FundraiserState): boolean => state === 'approved' || state === 'closed';

/** How a team takes new pages: a lead approves each (default), each is public at once, or none are taken. */
export const FundraiserIntake = z.enum(['approval', 'auto', 'off']);
export type FundraiserIntake = z.infer<typeof FundraiserIntake>;

export const DISPLAY_NAME_MAX = 60;
export const STORY_MAX = 600;
export const OCCASION_MAX = 80;
export const STORY_MAX_LINES = 20;

// C0 and C1 controls and DEL (a story keeps its line breaks); the bidi embeddings, overrides, isolates
// and marks that reorder what a reader sees; two or more invisible characters in a row, and the
// invisible ones that have no place in running text at all (a single joiner stays: emoji need it).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;
const NEWLINE = /\n/u;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const INVISIBLE_RUN = /[\u200b-\u200d\u2060\ufeff\u180e]{2,}|[\u200b\u2060\ufeff\u180e]/u;

/** What the endpoint says of text it refuses (pages translate these by their English words). */
export const PUBLIC_TEXT_PROBLEMS = {
  oneLine: 'must be one line',
  control: 'must not contain control characters',
  bidi: 'must not contain direction-override characters',
  invisible: 'must not contain invisible characters',
  blank: 'must not be blank',
  lines: `must be at most ${STORY_MAX_LINES} lines`,
} as const;

/** Why `text` cannot be shown on a public page, or undefined when it can. */
export function publicTextProblem(text: string, multiline: boolean): string | undefined {
  const p = PUBLIC_TEXT_PROBLEMS;
  if (!multiline && NEWLINE.test(text)) return p.oneLine;
  if (CONTROL.test(text)) return p.control;
  if (BIDI.test(text)) return p.bidi;
  if (INVISIBLE_RUN.test(text)) return p.invisible;
  if (!/\S/u.test(text)) return p.blank;
  if (multiline && text.split('\n').length > STORY_MAX_LINES) return p.lines;
  return undefined;
}

/** Text a supporter types for everyone to read: trimmed, 1..`max` characters, nothing hidden or reordering. */
export const publicText = (max: number, multiline = false) =>
  z.string().check(
    z.trim(),
    z.minLength(1, 'is required'),
    z.maxLength(max, `must be at most ${max} characters`),
    z.superRefine((s, ctx) => {
      const problem = publicTextProblem(s, multiline);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: s });
    }),
  );

export const DisplayName = publicText(DISPLAY_NAME_MAX);
export const Story = publicText(STORY_MAX, true);
export const Occasion = publicText(OCCASION_MAX);

/** A calendar date, `YYYY-MM-DD` (a birthday, a run): a real day of the Gregorian calendar. */
export const CalendarDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2027-03-14"'),
  z.refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'is not a day of the calendar'),
);

/** What a fundraiser page holds beyond a campaign's fields (its `title` is the display name). */
export const FundraiserFacts = z.strictObject({
  state: FundraiserState,
  story: Story,
  occasion: z.optional(Occasion),
  date: z.optional(CalendarDate),
  /** "Remove my name": the page shows "A supporter of <team>" instead of the display name. */
  nameHidden: z.optional(z.boolean()),
});
export type FundraiserFacts = z.infer<typeof FundraiserFacts>;

/** POST /v1/campaigns/:team/fundraisers body: a supporter starts a page. */
export const FundraiserCreate = z.strictObject({
  displayName: DisplayName,
  goal: MinorAmount,
  story: Story,
  occasion: z.optional(Occasion),
  date: z.optional(CalendarDate),
  /** The language the page speaks to visitors who name none. */
  locale: z.optional(z.enum(['en', 'ko'])),
  /** The human check's token, when the endpoint asks for one (as checkout does). */
  humanCheckToken: z.optional(z.string().check(z.maxLength(4096))),
});
export type FundraiserCreate = z.infer<typeof FundraiserCreate>;

/** PATCH /v1/fundraisers/me body (the page's own link): text edits wait for approval once the page is public. */
export const FundraiserEdit = z.strictObject({
  displayName: z.optional(DisplayName),
  story: z.optional(Story),
  occasion: z.optional(z.nullable(Occasion)),
  date: z.optional(z.nullable(CalendarDate)),
  goal: z.optional(MinorAmount),
  nameHidden: z.optional(z.boolean()),
});
export type FundraiserEdit = z.infer<typeof FundraiserEdit>;

/** POST /v1/fundraisers/me/reopen body: the same page again (next year), with a new goal and occasion. */
export const FundraiserReopen = z.strictObject({
  goal: MinorAmount,
  occasion: z.optional(z.nullable(Occasion)),
  date: z.optional(z.nullable(CalendarDate)),
});
export type FundraiserReopen = z.infer<typeof FundraiserReopen>;

/** POST /v1/campaigns/:id/reject and /take-down body: why, for the supporter and the record. */
export const FundraiserDecisionBody = z.strictObject({
  reason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))),
});
export type FundraiserDecisionBody = z.infer<typeof FundraiserDecisionBody>;

/** Text edits of a public page waiting for approval (the approved text stays public meanwhile). */
export const FundraiserProposal = z.object({
  displayName: z.optional(z.string()),
  story: z.optional(z.string()),
  occasion: z.optional(z.nullable(z.string())),
});
export type FundraiserProposal = z.infer<typeof FundraiserProposal>;

/** One year (or round) of a page: its goal and occasion, when it opened and closed, and what it had raised then. */
export const FundraiserRound = z.object({
  goal: z.int(),
  occasion: z.optional(z.string()),
  date: z.optional(z.string()),
  openedAt: z.string(),
  closedAt: z.optional(z.string()),
  raisedAtClose: z.optional(z.int()),
});
export type FundraiserRound = z.infer<typeof FundraiserRound>;

/** A page as its owner, its team's leads and organisers and the admin see it. */
export const FundraiserInfo = z.object({
  id: z.string(),
  team: z.string(),
  teamTitle: z.string(),
  state: FundraiserState,
  displayName: z.string(),
  nameHidden: z.boolean(),
  story: z.string(),
  occasion: z.nullable(z.string()),
  date: z.nullable(z.string()),
  goal: z.int(),
  currency: z.string(),
  raised: z.int(),
  donors: z.int(),
  /** Text edits waiting for approval, or null. */
  proposed: z.nullable(FundraiserProposal),
  /** Why it was rejected or taken down, or null. */
  reason: z.nullable(z.string()),
  decidedBy: z.nullable(z.string()),
  decidedAt: z.nullable(z.string()),
  rounds: z.array(FundraiserRound),
  createdAt: z.string(),
  url: z.string(),
});
export type FundraiserInfo = z.infer<typeof FundraiserInfo>;
