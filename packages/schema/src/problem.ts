/**
 * Problems: RFC 9457 documents as every endpoint error is sent, their stable codes, and a
 * donor-safe description of what zod refused.
 */
import * as z from 'zod/mini';

/** RFC 9457 problem details, as every endpoint error is sent. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.optional(z.string()),
  /** Dotted path of the offending input field, when one field is at fault. */
  field: z.optional(z.string()),
});
export type Problem = z.infer<typeof Problem>;

/** Stable machine codes in problem documents. */
export type ProblemCode =
  | 'not_found'
  | 'invalid_request'
  | 'forbidden'
  | 'conflict'
  | 'campaign_archived'
  | 'invalid_json'
  | 'unauthorized'
  | 'idempotency_conflict'
  | 'not_configured'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'payload_too_large'
  /** `POST /v1/checkout` from a page whose origin is not on the endpoint's `allowedOrigins` (403, field `origin`). */
  | 'origin_not_allowed'
  /** `POST /v1/invites/accept`: the code was already taken (410), has expired (410), was withdrawn (410), or is unknown (404). */
  | 'invite_used'
  | 'invite_expired'
  | 'invite_revoked'
  | 'invite_not_found'
  | 'internal';

/** A short, donor-safe description of the first problem zod found, naming the field. */
export function describeIssue(error: z.core.$ZodError): { field: string; detail: string } {
  // A field the schema does not know is named first: a typo of a required field is both unknown and
  // missing, and the unknown spelling is what the caller has to fix.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return { field: '(body)', detail: 'is invalid' };
  const path = issue.path.map(String);
  let message = issue.message;
  // zod/mini carries no locale: give the common codes words of our own.
  if (!message || message === 'Invalid input') {
    switch (issue.code) {
      case 'unrecognized_keys':
        path.push(issue.keys[0] ?? '');
        message = 'is not a known field';
        break;
      case 'invalid_type':
        message = issue.input === undefined ? 'is required' : `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
        break;
      case 'too_small':
        message = `must be at least ${String(issue.minimum)}`;
        break;
      case 'too_big':
        message = `must be at most ${String(issue.maximum)}`;
        break;
      case 'invalid_value':
        message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      default:
        message = 'is invalid';
    }
  }
  const field = path.length ? path.join('.') : '(body)';
  return { field, detail: `${field}: ${message}` };
}
