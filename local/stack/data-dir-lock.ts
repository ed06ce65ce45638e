/**
 * One `tbd serve` per data directory: `<data-dir>/serve.pid` holds the owner's pid. Two stacks on
 * one directory would both resume the same unfinished jobs. A lock whose process is gone (a
 * crash, kill -9) is taken over.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirLockedError } from './errors.js';

export const LOCK_FILE = 'serve.pid';

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return {
        path,
        release: async () => {
          const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
          if (owner === process.pid) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))
        throw new DataDirLockedError(dataDir, owner);
      if (owner === process.pid) throw new DataDirLockedError(dataDir, owner);
      await rm(path, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, -1);
}
