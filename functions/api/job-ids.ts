/**
 * API job ids and list cursors.
 *
 *   id = base32(2^48 - 1 - createdAtMs, 10 characters) + base32(80 random bits, 16 characters)
 *
 * in Crockford's alphabet, lower case (no i, l, o, u). The time part is inverted, so ids sort
 * newest first: a listing of `tenants/<t>/api-jobs/` in key order (what S3 returns) is the job
 * history, newest first, and a page boundary is just the last id seen (S3's StartAfter). Ids are
 * unguessable (80 random bits) but are not secrets: another tenant's id is simply not found.
 *
 * Cursors are opaque to clients: base64url of `{ "after": "<id>" }`.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { API_JOB_ID_PATTERN } from '../../core/contracts/api.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
/** 2^48 - 1: milliseconds until the year 10889. */
const MAX_TIME = 2 ** 48 - 1;

function encodeTime(value: number): string {
  let rest = value;
  let out = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeBits(bytes: Uint8Array, chars: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** A new id for a job created at `at`. */
export function newJobId(at: Date, random: (bytes: number) => Uint8Array = randomBytes): string {
  const ms = at.getTime();
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME) throw new RangeError(`no job id for time ${ms}`);
  return encodeTime(MAX_TIME - ms) + encodeBits(random(10), RANDOM_CHARS);
}

/** When the job of an id was created. */
export function createdAtOfJobId(id: string): Date {
  if (!API_JOB_ID_PATTERN.test(id)) throw new RangeError(`${JSON.stringify(id)} is not a job id`);
  let value = 0;
  for (const char of id.slice(0, TIME_CHARS)) value = value * 32 + ALPHABET.indexOf(char);
  return new Date(MAX_TIME - value);
}

/**
 * The StartAfter that skips every job created at or after `at`: ids of jobs created earlier sort
 * after it.
 */
export function startAfterCreatedBefore(at: Date): string {
  const ms = Math.min(Math.max(at.getTime(), 0), MAX_TIME);
  return encodeTime(MAX_TIME - ms) + 'z'.repeat(RANDOM_CHARS);
}

const CursorSchema = z.object({ after: z.string().regex(API_JOB_ID_PATTERN) });

export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after })).toString('base64url');
}

/** The id a cursor continues after, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data.after : undefined;
  } catch {
    return undefined;
  }
}
