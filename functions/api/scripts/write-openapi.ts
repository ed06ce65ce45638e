/**
 * Writes functions/api/openapi.json from the zod schemas (openapi-document.ts) and formats it
 * with Biome (as `npm run lint` expects), or with `--check` exits 1 when the checked-in file
 * differs (as JSON, whatever its layout) from a fresh generation.
 *
 *   tsx functions/api/scripts/write-openapi.ts [--check]
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';
import { openApiDocument, openApiText } from '../openapi-document.js';

export const OPENAPI_FILE = new URL('../openapi.json', import.meta.url);

async function main(): Promise<number> {
  if (process.argv.includes('--check')) {
    const current: unknown = JSON.parse(await readFile(OPENAPI_FILE, 'utf8').catch(() => 'null'));
    if (isDeepStrictEqual(current, openApiDocument())) return 0;
    process.stderr.write('functions/api/openapi.json is out of date: run npm run openapi\n');
    return 1;
  }
  await writeFile(OPENAPI_FILE, openApiText());
  const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));
  await promisify(execFile)(biome, ['format', '--write', fileURLToPath(OPENAPI_FILE)]);
  process.stdout.write('wrote functions/api/openapi.json\n');
  return 0;
}

process.exitCode = await main();
