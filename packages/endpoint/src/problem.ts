/**
 * RFC 9457 problem details: the one error shape every route answers with.
 * Expected failures throw {@link HttpProblem}; anything else becomes a generic 500
 * whose body never carries a stack or the message of the unknown error.
 */
import type { Problem, ProblemCode } from '@rescuekit/schema';

/** Base URL of the stable problem `type` URIs: `https://rescuekit.dev/problems/<code>`. */
export const PROBLEM_BASE = 'https://rescuekit.dev/problems/';

/** Human titles per code: stable, safe to show, never derived from an exception. */
const TITLES: Record<ProblemCode | 'method_not_allowed' | 'unavailable' | 'invalid_signature' | 'human_check_failed', string> = {
  not_found: 'Not found',
  invalid_request: 'Invalid request',
  forbidden: 'Forbidden',
  conflict: 'Conflict',
  campaign_archived: 'Campaign archived',
  invalid_json: 'Malformed JSON',
  unauthorized: 'Unauthorized',
  idempotency_conflict: 'Idempotency key reused with a different request',
  not_configured: 'Not configured',
  rate_limited: 'Too many requests',
  unsupported_media_type: 'Unsupported media type',
  payload_too_large: 'Payload too large',
  origin_not_allowed: 'Origin not allowed',
  invite_used: 'Invite already used',
  invite_expired: 'Invite expired',
  invite_revoked: 'Invite withdrawn',
  invite_not_found: 'Invite not found',
  method_not_allowed: 'Method not allowed',
  unavailable: 'Service unavailable',
  invalid_signature: 'Invalid webhook signature',
  human_check_failed: 'Human check failed',
  internal: 'Internal server error',
};

/**
 * Codes the endpoint sends. `method_not_allowed`, `unavailable`, `invalid_signature` and `human_check_failed`
 * are endpoint-only additions to the schema's {@link ProblemCode}; clients treat unknown codes by `status`.
 */
export type EndpointProblemCode = keyof typeof TITLES;

export interface ProblemInit {
  detail?: string;
  /** Dotted path of the offending input field, when one field is at fault. */
  field?: string;
  /** Extra response headers (`WWW-Authenticate`, `Allow`, …). */
  headers?: Record<string, string>;
}

/** An expected failure, turned into a problem response by the app's error handler. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: EndpointProblemCode;
  readonly detail: string | undefined;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, code: EndpointProblemCode, init: ProblemInit = {}) {
    super(init.detail ?? TITLES[code]);
    this.name = 'HttpProblem';
    this.status = status;
    this.code = code;
    this.detail = init.detail;
    this.field = init.field;
    this.headers = init.headers ?? {};
  }

  /** The wire document. */
  toJSON(): Problem {
    const body: Problem = { type: PROBLEM_BASE + this.code, title: TITLES[this.code], status: this.status, code: this.code };
    if (this.detail !== undefined) body.detail = this.detail;
    if (this.field !== undefined) body.field = this.field;
    return body;
  }
}

/** Builds an `application/problem+json` response. */
export function problemResponse(problem: HttpProblem, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem.toJSON()), {
    status: problem.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...extraHeaders,
      ...problem.headers,
    },
  });
}

/** Shorthand: `problem(404, 'not_found', { detail })` as a Response. */
export function problem(status: number, code: EndpointProblemCode, init: ProblemInit = {}): Response {
  return problemResponse(new HttpProblem(status, code, init));
}

/** The catch-all: a generic 500 that reveals nothing about `error`. */
export function internalError(): Response {
  return problem(500, 'internal', { detail: 'Something went wrong on our side. Please try again later.' });
}
