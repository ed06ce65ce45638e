/**
 * The browser of the browser tests: Debian's `chromium` (what .ci/run installs), driven by
 * playwright-core, which downloads no browser of its own. `CHROMIUM_PATH` names another binary.
 */
import { access, constants } from 'node:fs/promises';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_DEFAULT_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** The Chromium binary to use, or undefined when there is none (the tests are skipped then). */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const path = env.CHROMIUM_PATH || CHROMIUM_DEFAULT_PATH;
  try {
    await access(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
