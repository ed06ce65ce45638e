/**
 * The checked-in OpenAPI document (functions/api/openapi.json) is what the schemas generate
 * (`npm run openapi` rewrites it), describes every route of the table, and every $ref resolves.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_ROUTES, OPERATION_IDS } from '../../../core/contracts/api-routes.js';
import { openApiDocument } from '../../../functions/api/openapi-document.js';

const CHECKED_IN = new URL('../../../functions/api/openapi.json', import.meta.url);

function refsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refsOf(item, found);
  else if (node && typeof node === 'object')
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsOf(value, found);
    }
  return found;
}

describe('OpenAPI document', () => {
  it('is checked in up to date (run `npm run openapi` after changing a schema)', async () => {
    // Act
    const checkedIn: unknown = JSON.parse(await readFile(CHECKED_IN, 'utf8'));

    // Assess
    expect(checkedIn).toEqual(openApiDocument());
  });

  it('is OpenAPI 3.1 with every route, its key requirement and resolvable references', () => {
    // Act
    const document = openApiDocument() as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; security: unknown[] }>>;
      components: { schemas: Record<string, unknown> };
    };

    // Assess
    expect(document.openapi).toBe('3.1.0');
    for (const operationId of OPERATION_IDS) {
      const spec = API_ROUTES[operationId];
      const operation = document.paths[spec.path]?.[spec.method.toLowerCase()];
      expect(operation?.operationId, operationId).toBe(operationId);
      expect(operation?.security, operationId).toEqual(spec.auth === 'apiKey' ? [{ apiKey: [] }] : []);
    }
    const prefix = '#/components/schemas/';
    for (const ref of refsOf(document)) {
      expect(ref.startsWith(prefix), ref).toBe(true);
      expect(document.components.schemas[ref.slice(prefix.length)], ref).toBeDefined();
    }
  });
});
