/**
 * The local API keys: `<data-dir>/api-keys.json`, created on the first start with one key for the
 * tenant `local` (printed by mount-api.ts), edited by hand to add tenants:
 *
 *   { "keys": [ { "id": "local-default", "tenant": "local", "key": "tbd_…", "createdAt": "…" },
 *               { "id": "acme-1", "tenant": "acme", "key": "tbd_…" } ] }
 *
 * `id` plays the part of API Gateway's key id (`requestContext.identity.apiKeyId`); `key` is the
 * secret sent in `x-api-key`. The file is created with mode 0600. Keys are looked up by their
 * SHA-256, so a lookup's timing says nothing about the stored keys.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type ApiKeyTenants, TenantIdSchema } from '../../functions/api/tenancy.js';

export const API_KEYS_DEFAULTS = {
  /** @default 'api-keys.json' */
  file: 'api-keys.json',
  /** Tenant of the key created on the first start. @default 'local' */
  tenant: 'local',
  /** Id of that key. @default 'local-default' */
  id: 'local-default',
  /** Random bytes of a new key (base64url after `tbd_`). @default 24 */
  keyBytes: 24,
} as const;

export const ApiKeyEntrySchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be 1-128 letters, digits, ".", "_" or "-"'),
  tenant: TenantIdSchema,
  key: z.string().min(20, 'must be at least 20 characters (a secret, not a name)').max(256),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  description: z.string().max(500).optional(),
});

export const ApiKeysFileSchema = z
  .strictObject({ keys: z.array(ApiKeyEntrySchema).min(1, 'must hold at least one key') })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    file.keys.forEach((entry, i) => {
      if (ids.has(entry.id))
        ctx.addIssue({ code: 'custom', path: ['keys', i, 'id'], message: 'is used twice' });
      if (keys.has(entry.key))
        ctx.addIssue({ code: 'custom', path: ['keys', i, 'key'], message: 'is used twice' });
      ids.add(entry.id);
      keys.add(entry.key);
    });
  });

export type ApiKeyEntry = z.infer<typeof ApiKeyEntrySchema>;

export class ApiKeysFileError extends Error {
  readonly path: string;

  constructor(path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.name = 'ApiKeysFileError';
    this.path = path;
  }
}

export interface ApiKeys {
  readonly path: string;
  /** True when this call created the file (with one new key). */
  readonly created: boolean;
  readonly entries: readonly ApiKeyEntry[];
  /** Key id -> tenant, for the handlers' tenant directory. */
  readonly tenants: ApiKeyTenants;
  /** The entry of a key value, or undefined. */
  find(key: string): ApiKeyEntry | undefined;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

function apiKeysOf(path: string, entries: readonly ApiKeyEntry[], created: boolean): ApiKeys {
  const byDigest = new Map(entries.map((entry) => [digest(entry.key), entry]));
  return {
    path,
    created,
    entries,
    tenants: Object.fromEntries(entries.map((entry) => [entry.id, entry.tenant])),
    find: (key) => byDigest.get(digest(key)),
  };
}

/** A new secret: `tbd_` + base64url of `keyBytes` random bytes. */
export function newApiKey(random: (bytes: number) => Uint8Array = randomBytes): string {
  return `tbd_${Buffer.from(random(API_KEYS_DEFAULTS.keyBytes)).toString('base64url')}`;
}

/** Reads `<dataDir>/api-keys.json`, creating it with one key for tenant `local` when absent. */
export async function loadApiKeys(
  dataDir: string,
  options: { random?: (bytes: number) => Uint8Array; clock?: () => Date } = {},
): Promise<ApiKeys> {
  const path = join(dataDir, API_KEYS_DEFAULTS.file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const entry: ApiKeyEntry = {
      id: API_KEYS_DEFAULTS.id,
      tenant: API_KEYS_DEFAULTS.tenant,
      key: newApiKey(options.random),
      createdAt: (options.clock?.() ?? new Date()).toISOString(),
      description: 'created by the first tbd serve; add keys for more tenants here',
    };
    try {
      await writeFile(path, `${JSON.stringify({ keys: [entry] }, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
      return apiKeysOf(path, [entry], true);
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
      text = await readFile(path, 'utf8'); // another process created it first
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ApiKeysFileError(path, `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = ApiKeysFileSchema.safeParse(json);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ApiKeysFileError(path, `is not a valid API keys file: ${fields}`, { cause: result.error });
  }
  return apiKeysOf(path, result.data.keys, false);
}
