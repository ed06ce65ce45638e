/**
 * Tenancy: the API key names the tenant. API Gateway validates the key (`x-api-key`, usage plans)
 * and hands the handler the key's *id* in `requestContext.identity.apiKeyId`; a directory maps
 * key ids to tenants:
 *
 * - cloud: the environment variable `API_KEY_TENANTS`, a JSON object `{ "<apiKeyId>": "<tenant>" }`
 *   written by the CDK construct (infra/constructs/api.ts) from the keys it creates;
 * - local: `<data-dir>/api-keys.json` (local/api/api-keys-file.ts), whose entries carry the id.
 *
 * A key without a tenant is refused (403) like an invalid key: a deployment that forgot to map a
 * key must not serve it as some default tenant. Every object of a tenant lives under
 * `tenants/<tenant>/`, and every handler derives its keys from the tenant resolved here, never
 * from the request, so no request can reach another tenant's objects.
 */
import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../../core/contracts/job-status.js';
import { InvalidApiKeyError } from './api-errors.js';
import type { ApiGatewayEvent } from './api-event.js';

export const TenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'must be 1-64 letters, digits, "_" or "-", starting with a letter or digit');

/** `{ "<apiKeyId>": "<tenant>" }`. */
export const ApiKeyTenantsSchema = z.record(z.string().min(1), TenantIdSchema);

export type ApiKeyTenants = z.infer<typeof ApiKeyTenantsSchema>;

/** The directory port: an API key id -> its tenant, or undefined. */
export type TenantOfKey = (apiKeyId: string) => string | undefined;

export function tenantDirectory(tenants: ApiKeyTenants): TenantOfKey {
  const map = new Map(Object.entries(tenants));
  return (apiKeyId) => map.get(apiKeyId);
}

/** The caller's tenant; throws InvalidApiKeyError (403) when the key names none. */
export function tenantOfEvent(event: ApiGatewayEvent, tenantOf: TenantOfKey): string {
  const apiKeyId = event.requestContext?.identity?.apiKeyId;
  if (!apiKeyId) throw new InvalidApiKeyError('the request carries no API key');
  const tenant = tenantOf(apiKeyId);
  if (!tenant) throw new InvalidApiKeyError('the API key is not assigned to a tenant');
  return tenant;
}
