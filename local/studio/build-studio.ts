/**
 * The studio's assets, built in memory: `src/main.ts` bundled by esbuild (with the few pure core
 * modules it imports, e.g. the segment envelopes of the AU chart) into `studio.js`, next to
 * `index.html` and `studio.css` as they are. Nothing comes from a CDN; nothing is written to disk.
 *
 * Built when `tbd serve` starts (about 0.1 s), so the page always matches the sources. esbuild
 * is there after `npm ci --omit=dev` as well: tsx, a runtime dependency, depends on it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface StudioAsset {
  readonly contentType: string;
  readonly body: Buffer;
  /** A strong ETag of the body. */
  readonly etag: string;
}

/** Asset path (as served, without the leading '/') -> asset. */
export type StudioAssets = ReadonlyMap<string, StudioAsset>;

export const STUDIO_FILES = {
  page: 'index.html',
  script: 'studio.js',
  sourceMap: 'studio.js.map',
  styles: 'studio.css',
} as const;

export class StudioBuildError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StudioBuildError';
  }
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

function asset(contentType: string, body: Buffer): StudioAsset {
  return {
    contentType,
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
  };
}

export interface BuildStudioOptions {
  /** Minify the script. @default true */
  readonly minify?: boolean;
}

/** @throws StudioBuildError when esbuild is missing or the sources do not compile */
export async function buildStudio(options: BuildStudioOptions = {}): Promise<StudioAssets> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new StudioBuildError('the studio needs esbuild to build its page: run npm install', {
      cause: error,
    });
  }
  let result: Awaited<ReturnType<typeof esbuild.build>>;
  try {
    result = await esbuild.build({
      entryPoints: [here('./src/main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
      outfile: STUDIO_FILES.script,
      write: false,
      minify: options.minify ?? true,
      sourcemap: 'linked',
      sourcesContent: true,
      legalComments: 'none',
      logLevel: 'silent',
      tsconfig: here('./tsconfig.json'),
    });
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } }[] })
      .errors;
    const detail = errors
      ?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
      .join('; ');
    throw new StudioBuildError(`the studio's page does not build: ${detail ?? (error as Error).message}`, {
      cause: error,
    });
  }
  const assets = new Map<string, StudioAsset>();
  for (const file of result.outputFiles ?? []) {
    const name = file.path.split('/').pop() ?? '';
    const type = name.endsWith('.map') ? 'application/json' : 'text/javascript';
    assets.set(name, asset(`${type}; charset=utf-8`, Buffer.from(file.contents)));
  }
  assets.set(STUDIO_FILES.page, asset('text/html; charset=utf-8', await readFile(here('./index.html'))));
  assets.set(STUDIO_FILES.styles, asset('text/css; charset=utf-8', await readFile(here('./studio.css'))));
  for (const required of Object.values(STUDIO_FILES))
    if (!assets.has(required)) throw new StudioBuildError(`the studio build made no ${required}`);
  return assets;
}
