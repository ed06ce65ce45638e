/**
 * The load test's API client (load-run.ts): the /v1 calls a client makes, each answer tallied by
 * route and status, so a run can tell how many 2xx, 4xx and 5xx it got.
 */
import { ListJobsResponseSchema } from '../../core/contracts/api.js';

export const LOAD_CLIENT_DEFAULTS = {
  /** `limit` of the list endpoint in listAll (small, so its cursors are exercised). @default 30 */
  listPageSize: 30,
} as const;

export interface Health {
  readonly jobs: { readonly waiting: number; readonly running: number };
  readonly events: { readonly pending: number };
}

/** The API as a client calls it, every answer tallied by route and status. */
export class ApiClient {
  readonly tally = new Map<string, number>();
  readonly #url: string;
  readonly #key: string;

  constructor(url: string, key: string) {
    this.#url = url;
    this.#key = key;
  }

  async #call(route: string, url: string, init: RequestInit): Promise<Response> {
    try {
      const reply = await fetch(url, init);
      this.#count(`${route} ${reply.status}`);
      return reply;
    } catch (error) {
      this.#count(`${route} network-error`);
      throw error;
    }
  }

  #count(label: string): void {
    this.tally.set(label, (this.tally.get(label) ?? 0) + 1);
  }

  post(path: string, body: unknown): Promise<Response> {
    return this.#call(`POST ${path}`, `${this.#url}${path}`, {
      method: 'POST',
      headers: { 'x-api-key': this.#key, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  get(path: string): Promise<Response> {
    const route = path.replace(/\/v1\/jobs\/[^/?]+/, '/v1/jobs/{id}').replace(/\?.*$/, '');
    return this.#call(`GET ${route}`, `${this.#url}${path}`, { headers: { 'x-api-key': this.#key } });
  }

  async start(id: string): Promise<Response> {
    const reply = await this.#call('POST /v1/jobs/{id}/start', `${this.#url}/v1/jobs/${id}/start`, {
      method: 'POST',
      headers: { 'x-api-key': this.#key },
    });
    await reply.arrayBuffer();
    return reply;
  }

  /** A browser-style form POST to a presigned URL: the fields, then the file. */
  async upload(post: { url: string; fields: Record<string, string> }, bytes: Uint8Array, name: string) {
    const form = new FormData();
    for (const [field, value] of Object.entries(post.fields)) form.append(field, value);
    form.append('file', new Blob([bytes]), name);
    const reply = await this.#call('POST <presigned>', post.url, { method: 'POST', body: form });
    await reply.arrayBuffer();
    return reply;
  }

  /** GET /healthz: the stack's queues. */
  async health(): Promise<Health> {
    return (await (await fetch(`${this.#url}/healthz`)).json()) as Health;
  }

  /** Every page of GET /v1/jobs. */
  async listAll(): Promise<{ ids: string[]; pages: number; status: number[] }> {
    const ids: string[] = [];
    const status: number[] = [];
    let cursor: string | undefined;
    do {
      const query = `?limit=${LOAD_CLIENT_DEFAULTS.listPageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const reply = await this.get(`/v1/jobs${query}`);
      status.push(reply.status);
      if (reply.status !== 200) break;
      const page = ListJobsResponseSchema.parse(await reply.json());
      ids.push(...page.jobs.map((job) => job.jobId));
      cursor = page.nextCursor;
    } while (cursor);
    return { ids, pages: status.length, status };
  }

  /** Each listed job's stage (one poll). */
  async stages(): Promise<Map<string, string>> {
    const stages = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const query = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const reply = await this.get(`/v1/jobs${query}`);
      if (reply.status !== 200) return stages;
      const page = ListJobsResponseSchema.parse(await reply.json());
      for (const job of page.jobs) stages.set(job.jobId, job.stage);
      cursor = page.nextCursor;
    } while (cursor);
    return stages;
  }
}
