/**
 * Reads `job.json` and validates it: not JSON, too large, or not a manifest -> ManifestError
 * naming each field at fault ("options.size: must be even (yuv420p video)").
 */
import { type JobManifest, JobManifestSchema, MANIFEST_LIMITS } from '../../core/contracts/job-manifest.js';
import { toFieldIssues } from '../../core/jobs/field-issues.js';
import { ManifestError } from './errors.js';

export function parseManifest(key: string, bytes: Uint8Array): JobManifest {
  if (bytes.length > MANIFEST_LIMITS.manifestMaxBytes) {
    throw new ManifestError(key, [
      {
        path: '',
        message: `is ${bytes.length} bytes, over the ${MANIFEST_LIMITS.manifestMaxBytes}-byte limit`,
      },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ManifestError(key, [{ path: '', message: `is not valid UTF-8 JSON (${detail})` }], {
      cause: error,
    });
  }
  const result = JobManifestSchema.safeParse(json);
  if (!result.success) throw new ManifestError(key, toFieldIssues(result.error), { cause: result.error });
  return result.data;
}
