/**
 * functions/api/handler.ts loads with its environment and exports one handler per route of the
 * table, and refuses to start (naming the variable) without the key-to-tenant map.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OPERATION_IDS } from '../../../core/contracts/api-routes.js';

const ENV = {
  BUCKET_NAME: 'tbd',
  API_KEY_TENANTS: '{"abc123":"acme"}',
  AWS_REGION: 'us-east-1',
  TBD_REASONER: 'facs',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

describe('API Lambda entries', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('export one handler per route', async () => {
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    const module = (await import('../../../functions/api/handler.js')) as Record<string, unknown>;
    for (const operationId of OPERATION_IDS) expect(typeof module[operationId], operationId).toBe('function');
  });

  it.each([
    ['missing', ''],
    ['not JSON', '{acme}'],
    ['not a map of tenants', '{"abc123":"../etc"}'],
  ])('refuse to start when API_KEY_TENANTS is %s', async (_, value) => {
    for (const [name, v] of Object.entries(ENV)) vi.stubEnv(name, v);
    vi.stubEnv('API_KEY_TENANTS', value);
    await expect(import('../../../functions/api/handler.js')).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringContaining('API_KEY_TENANTS'),
    });
  });
});
