/**
 * Reads a job's three inputs from S3 in parallel, each under its own size limit, and parses the
 * plan. The first failure cancels the other reads (no point downloading 60 MB of audio for a
 * missing portrait) and is the one raised, once every read has stopped. Errors name the request
 * field: "portrait s3://... does not exist", "plan s3://... is not valid JSON".
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DrawRequest } from '../../../../core/contracts/draw-request.js';
import { PlanError } from '../../../../core/plan/errors.js';
import type { ExpressionPlan } from '../../../../core/plan/expression-plan.js';
import { assertKnownActionUnits, parsePlan } from '../../../../core/plan/validate.js';
import { getObjectBytes } from '../storage/get-object-bytes.js';
import { baseName, parseS3Uri, type S3Location } from '../storage/s3-uri.js';
import type { DrawInputs } from './draw-runner.js';

export interface InputLimits {
  readonly maxPortraitBytes: number;
  readonly maxAudioBytes: number;
  readonly maxPlanBytes: number;
}

export async function fetchDrawInputs(
  s3: S3Client,
  request: DrawRequest,
  limits: InputLimits,
  signal?: AbortSignal,
): Promise<DrawInputs> {
  const portrait = parseS3Uri(request.portrait, 'portrait');
  const audio = parseS3Uri(request.audio, 'audio');
  const plan = parseS3Uri(request.plan, 'plan');
  const cancel = new AbortController();
  const linked = signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal;
  let firstError: { error: unknown } | undefined;
  const read = (location: S3Location, maxBytes: number, label: string): Promise<Uint8Array> =>
    getObjectBytes(s3, location, { maxBytes, label, signal: linked }).catch((error: unknown) => {
      firstError ??= { error };
      cancel.abort(error);
      throw error;
    });
  const results = await Promise.allSettled([
    read(portrait, limits.maxPortraitBytes, 'portrait'),
    read(audio, limits.maxAudioBytes, 'audio'),
    read(plan, limits.maxPlanBytes, 'plan'),
  ]);
  if (firstError) throw firstError.error;
  const [portraitBytes, audioBytes, planBytes] = results.map(
    (r) => (r as PromiseFulfilledResult<Uint8Array>).value,
  );
  return {
    portrait: portraitBytes!,
    portraitName: baseName(portrait),
    audio: audioBytes!,
    audioName: baseName(audio),
    plan: readPlan(planBytes!, request.plan),
    ...(request.options ? { options: request.options } : {}),
  };
}

/**
 * @throws PlanError (or a subclass: PlanValidationError, UnknownActionUnitError) naming the URI
 */
export function readPlan(bytes: Uint8Array, uri: string): ExpressionPlan {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new PlanError(`plan ${uri} is not valid UTF-8 JSON: ${(cause as Error).message}`, { cause });
  }
  const plan = parsePlan(json);
  assertKnownActionUnits(plan);
  return plan;
}
