/** <data-dir>/api-keys.json: created once with a key for tenant `local`, read back, refused when invalid. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeysFileError, loadApiKeys } from '../../../local/api/api-keys-file.js';

describe('api-keys.json', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-keys-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is created on the first start with one secret key for tenant local, readable by its owner only', async () => {
    // Act
    const first = await loadApiKeys(dataDir);
    const second = await loadApiKeys(dataDir);

    // Assess
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    const [entry] = first.entries;
    expect(entry).toMatchObject({ id: 'local-default', tenant: 'local' });
    expect(entry?.key).toMatch(/^tbd_[A-Za-z0-9_-]{32}$/);
    expect(second.entries).toEqual(first.entries);
    expect(second.find(entry!.key)).toEqual(entry);
    expect(second.find(`${entry!.key}x`)).toBeUndefined();
    expect(second.tenants).toEqual({ 'local-default': 'local' });
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(first.path, 'utf8')).keys[0].key).toBe(entry?.key);
  });

  it('names the file and the field when it is invalid', async () => {
    // Prepare
    const path = join(dataDir, 'api-keys.json');
    await writeFile(
      path,
      JSON.stringify({
        keys: [
          { id: 'a', tenant: 'acme', key: 'a-long-enough-secret-1' },
          { id: 'a', tenant: '../x', key: 'short' },
        ],
      }),
    );

    // Act
    const loading = loadApiKeys(dataDir);

    // Assess
    await expect(loading).rejects.toBeInstanceOf(ApiKeysFileError);
    await expect(loading).rejects.toThrow(path);
    await expect(loading).rejects.toThrow(/keys\.1\.tenant: .*keys\.1\.key: must be at least 20 characters/);
  });

  it('refuses a file that is not JSON', async () => {
    await writeFile(join(dataDir, 'api-keys.json'), '{ keys: [');
    await expect(loadApiKeys(dataDir)).rejects.toThrow(/is not valid JSON/);
  });
});
