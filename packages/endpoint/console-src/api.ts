/**
 * The console's one way to the endpoint: same origin, the key in the Authorization header (never
 * in a URL), problems (RFC 9457) turned into {@link ApiError}s. A 401 on a key that worked means it
 * was revoked: the app is told once, and signs out.
 */
export interface Problem {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  code: string;
  detail: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export class Api {
  constructor(
    private readonly key: string | undefined,
    private readonly onRevoked: () => void = () => {},
  ) {}

  async json<T>(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.send(method, path, body, headers);
    return (await res.json()) as T;
  }

  /** A file the endpoint only gives to a key (the ledger's CSV). */
  async blob(path: string): Promise<Blob> {
    return (await this.send('GET', path)).blob();
  }

  private async send(method: Method, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.key) headers['authorization'] = `Bearer ${this.key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, { method, headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch {
      throw new ApiError({ status: 0, code: 'network', detail: '' });
    }
    if (res.ok) return res;
    const problem = (await res.json().catch(() => ({}))) as Partial<Problem>;
    if (res.status === 401 && this.key) this.onRevoked();
    throw new ApiError({ status: res.status, code: problem.code ?? `http_${res.status}`, detail: problem.detail ?? '', ...(problem.field ? { field: problem.field } : {}) });
  }
}
