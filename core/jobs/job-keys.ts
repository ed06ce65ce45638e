/**
 * The storage layout (DESIGN.md), as functions: one bucket, the same keys locally and in AWS.
 *
 *   [tenants/<tenant>/]incoming/<name>/job.json      the manifest; writing it starts a job
 *   [tenants/<tenant>/]incoming/<name>/<media>        what the manifest names (never modified)
 *   [tenants/<tenant>/]outgoing/<name>/               video.mp4, plan.json, preview.png, result.json | error.json
 *   jobs/<jobId>/                                     status.json, plan.json, draw-request.json, draw/…,
 *                                                     progress.json (the sampler's, while drawing)
 *   jobs/_tokens/<inferenceId>.json                   task tokens of pending SageMaker inferences
 *
 * `<name>` may contain "/" (`incoming/team/clip-1/job.json` is the job `team/clip-1`). API jobs
 * live under `tenants/<tenant>/`; the work area `jobs/` stays at the root, job ids being unique
 * hashes (core/jobs/job-id.ts), and the status record names the tenant. `_tokens` can never be a
 * job id: ids start with a letter or digit.
 */
import { z } from 'zod';
import { MANIFEST_FILE, relativeKeyProblem } from '../contracts/job-manifest.js';
import { TENANT_ID_PATTERN } from '../contracts/job-status.js';
import { JobKeyError } from './errors.js';

export const JOB_LAYOUT = {
  /** @default 'incoming/' */
  incoming: 'incoming/',
  /** @default 'outgoing/' */
  outgoing: 'outgoing/',
  /** @default 'jobs/' */
  jobs: 'jobs/',
  /** @default 'tenants/' */
  tenants: 'tenants/',
  /** @default 'jobs/_tokens/' */
  tokens: 'jobs/_tokens/',
  /** Longest job name (the folder under incoming/), in characters. @default 256 */
  nameMaxLength: 256,
} as const;

/** What `outgoing/<name>/` holds. `result.json` and `error.json` are the completion markers. */
export const OUTGOING_FILES = {
  video: 'video.mp4',
  plan: 'plan.json',
  preview: 'preview.png',
  result: 'result.json',
  error: 'error.json',
} as const;

/**
 * What `jobs/<jobId>/` holds. `draw/` is the sampler's output prefix; `progress.json` its progress
 * document while it draws (core/contracts/job-progress.ts), outside `draw/` so that the output
 * prefix holds exactly the published outputs.
 */
export const WORK_FILES = {
  status: 'status.json',
  plan: 'plan.json',
  drawRequest: 'draw-request.json',
  drawOutput: 'draw/',
  progress: 'progress.json',
} as const;

/** Which job folder: its name and, for API jobs, the tenant. */
export const JobRefSchema = z.object({
  name: z.string().refine((name) => nameProblem(name) === undefined, 'must be a valid job name'),
  tenant: z.string().regex(TENANT_ID_PATTERN).optional(),
});
export type JobRef = z.infer<typeof JobRefSchema>;

function nameProblem(name: string): string | undefined {
  if (name.length > JOB_LAYOUT.nameMaxLength) return `is longer than ${JOB_LAYOUT.nameMaxLength} characters`;
  return relativeKeyProblem(name);
}

/** `''` or `tenants/<tenant>/`: the prefix of a job's incoming and outgoing folders. */
export function jobRoot(ref: JobRef): string {
  return ref.tenant ? `${JOB_LAYOUT.tenants}${ref.tenant}/` : '';
}

const MANIFEST_KEY = new RegExp(
  `^(?:${JOB_LAYOUT.tenants}([^/]+)/)?${JOB_LAYOUT.incoming}(.+)/${MANIFEST_FILE.replace('.', '\\.')}$`,
);

/**
 * The job a manifest key belongs to, or a reason why the key is not a manifest key.
 * `incoming/a/b/job.json` -> `{ name: 'a/b' }`; `tenants/t1/incoming/x/job.json` -> `{ tenant: 't1', name: 'x' }`.
 */
export function parseManifestKey(key: string): { ref: JobRef } | { problem: string } {
  const match = MANIFEST_KEY.exec(key);
  if (!match) return { problem: `is not [tenants/<tenant>/]incoming/<name>/${MANIFEST_FILE}` };
  const [, tenant, name = ''] = match;
  if (tenant !== undefined && !TENANT_ID_PATTERN.test(tenant))
    return { problem: `names an invalid tenant ${JSON.stringify(tenant)}` };
  const problem = nameProblem(name);
  if (problem) return { problem: `has an invalid job name: ${problem}` };
  return { ref: tenant === undefined ? { name } : { name, tenant } };
}

export function manifestKey(ref: JobRef): string {
  return incomingKey(ref, MANIFEST_FILE);
}

/** `incoming/<name>/`. */
export function incomingPrefix(ref: JobRef): string {
  return `${jobRoot(ref)}${JOB_LAYOUT.incoming}${ref.name}/`;
}

/** A media key of the manifest, resolved; throws JobKeyError when it would escape the folder. */
export function incomingKey(ref: JobRef, relative: string): string {
  const problem = relativeKeyProblem(relative);
  if (problem) throw new JobKeyError(relative, problem);
  return `${incomingPrefix(ref)}${relative}`;
}

/** `outgoing/<name>/`. */
export function outgoingPrefix(ref: JobRef): string {
  return `${jobRoot(ref)}${JOB_LAYOUT.outgoing}${ref.name}/`;
}

export function outgoingKey(ref: JobRef, file: (typeof OUTGOING_FILES)[keyof typeof OUTGOING_FILES]): string {
  return `${outgoingPrefix(ref)}${file}`;
}

/** `jobs/<jobId>/`. */
export function workPrefix(jobId: string): string {
  return `${JOB_LAYOUT.jobs}${jobId}/`;
}

export function workKey(jobId: string, file: (typeof WORK_FILES)[keyof typeof WORK_FILES]): string {
  return `${workPrefix(jobId)}${file}`;
}

export function statusKey(jobId: string): string {
  return workKey(jobId, WORK_FILES.status);
}

/** `jobs/<jobId>/progress.json`. */
export function progressKey(jobId: string): string {
  return workKey(jobId, WORK_FILES.progress);
}

/** `jobs/_tokens/<inferenceId>.json`. */
export function tokenKey(inferenceId: string): string {
  return `${JOB_LAYOUT.tokens}${inferenceId}.json`;
}

/** True when `key` lies strictly under `prefix` (which ends in "/"). */
export function isUnder(prefix: string, key: string): boolean {
  return key.startsWith(prefix) && key.length > prefix.length;
}
