/**
 * The studio's only way to the server: the public `/v1` API (core/contracts/api.ts), with the API
 * key in `x-api-key`, and the presigned POSTs it hands out. Errors come back as `StudioApiError`
 * carrying the API's own body (name, message, status, field, issues), so the page can show them
 * next to the input they concern, in the API's words.
 */
import type {
  CreateJobRequest,
  CreateJobResponse,
  JobView,
  ListJobsResponse,
  PresignedPost,
  StartJobResponse,
} from '../../../core/contracts/api.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class StudioApiError extends Error {
  readonly status: number;
  /** The request field at fault ("emotion", "portrait.size", "options.fps", "plan.segments.0"), if any. */
  readonly field: string | undefined;
  readonly issues: readonly FieldIssue[];

  constructor(
    name: string,
    message: string,
    status: number,
    field?: string,
    issues: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = name;
    this.status = status;
    this.field = field;
    this.issues = issues;
  }
}

/** What `POST /v1/preview` answers besides the image (its response headers). */
export interface PreviewResult {
  readonly image: Blob;
  /** The face box in the uploaded portrait's pixels. */
  readonly faceBox?: { x: number; y: number; width: number; height: number };
  readonly sourceSize?: { width: number; height: number };
  readonly segment: number;
  readonly cache: string;
  /** Server-side milliseconds, from Server-Timing. */
  readonly serverMs: number;
}

export interface PreviewRequest {
  /** The portrait's bytes, base64. */
  readonly portrait: string;
  readonly plan?: ExpressionPlan;
  readonly intensity?: number;
  readonly segment?: number;
  readonly size?: number;
}

/** The OpenAPI document's view of what this server accepts (fields vary as the API grows). */
export interface ApiCapabilities {
  readonly preview: boolean;
  /** CreateJobRequest takes a user plan. */
  readonly jobPlan: boolean;
  /** Fields of JobOptions. */
  readonly jobOptions: ReadonlySet<string>;
}

type Json = Record<string, unknown>;

async function errorOf(response: Response): Promise<StudioApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: Json };
    const error = body.error;
    if (error && typeof error.message === 'string') {
      return new StudioApiError(
        String(error.name ?? 'ApiError'),
        error.message,
        Number(error.status ?? response.status),
        typeof error.field === 'string' ? error.field : undefined,
        Array.isArray(error.issues) ? (error.issues as FieldIssue[]) : [],
      );
    }
  } catch {
    // not JSON: fall through
  }
  return new StudioApiError('HttpError', `${response.status} ${response.statusText}`, response.status);
}

/** S3's XML error, e.g. `<Code>EntityTooLarge</Code><Message>Your proposed upload exceeds ...</Message>`. */
function s3ErrorOf(status: number, text: string, field: string): StudioApiError {
  const xml = new DOMParser().parseFromString(text, 'application/xml');
  const code = xml.querySelector('Code')?.textContent ?? 'UploadFailed';
  const message = xml.querySelector('Message')?.textContent ?? `the upload failed (${status})`;
  return new StudioApiError(code, `${field}: ${message}`, status, field);
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk)
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export class ApiClient {
  constructor(
    private key: string,
    private readonly base = '',
  ) {}

  setKey(key: string): void {
    this.key = key;
  }

  get hasKey(): boolean {
    return this.key !== '';
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    accept = 'application/json',
  ) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        'x-api-key': this.key,
        accept,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  private async json<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) {
    return (await (await this.call(method, path, body, signal)).json()) as T;
  }

  think(emotion: string, signal?: AbortSignal): Promise<ExpressionPlan> {
    return this.json('POST', '/v1/think', { emotion }, signal);
  }

  async preview(request: PreviewRequest, signal?: AbortSignal): Promise<PreviewResult> {
    // Accept: image/png, so API Gateway (binaryMediaTypes) hands the PNG back as bytes.
    const response = await this.call('POST', '/v1/preview', request, signal, 'image/png');
    const numbers = (name: string) => response.headers.get(name)?.split(',').map(Number);
    const box = numbers('x-face-box');
    const size = numbers('x-source-size');
    const timing = response.headers.get('server-timing') ?? '';
    const serverMs = [...timing.matchAll(/dur=([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    return {
      image: await response.blob(),
      ...(box?.length === 4 ? { faceBox: { x: box[0]!, y: box[1]!, width: box[2]!, height: box[3]! } } : {}),
      ...(size?.length === 2 ? { sourceSize: { width: size[0]!, height: size[1]! } } : {}),
      segment: Number(response.headers.get('x-preview-segment') ?? -1),
      cache: response.headers.get('x-preview-cache') ?? '',
      serverMs,
    };
  }

  createJob(request: CreateJobRequest & { plan?: ExpressionPlan }): Promise<CreateJobResponse> {
    return this.json('POST', '/v1/jobs', request);
  }

  startJob(id: string): Promise<StartJobResponse> {
    return this.json('POST', `/v1/jobs/${encodeURIComponent(id)}/start`);
  }

  getJob(id: string, signal?: AbortSignal): Promise<JobView> {
    return this.json('GET', `/v1/jobs/${encodeURIComponent(id)}`, undefined, signal);
  }

  listJobs(limit = 20): Promise<ListJobsResponse> {
    return this.json('GET', `/v1/jobs?limit=${limit}`);
  }

  /** What this server's API accepts, read from its OpenAPI document (public). */
  async capabilities(): Promise<ApiCapabilities> {
    const response = await fetch(`${this.base}/v1/openapi.json`);
    if (!response.ok) throw await errorOf(response);
    const doc = (await response.json()) as {
      paths?: Json;
      components?: { schemas?: Record<string, { properties?: Json }> };
    };
    const schemas = doc.components?.schemas ?? {};
    return {
      preview: Boolean(doc.paths?.['/v1/preview']),
      jobPlan: Boolean(schemas.CreateJobRequest?.properties?.plan),
      jobOptions: new Set(Object.keys(schemas.JobOptions?.properties ?? {})),
    };
  }

  /** The presigned POST: its fields as they are, then the file (S3 reads the fields first). */
  async upload(post: PresignedPost, file: Blob, field: 'portrait' | 'audio'): Promise<void> {
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', file);
    let response: Response;
    try {
      response = await fetch(post.url, { method: 'POST', body: form });
    } catch (error) {
      throw new StudioApiError(
        'UploadFailed',
        `${field}: the upload to ${new URL(post.url).host} failed (${(error as Error).message})`,
        0,
        field,
      );
    }
    if (!response.ok) throw s3ErrorOf(response.status, await response.text(), field);
  }
}
