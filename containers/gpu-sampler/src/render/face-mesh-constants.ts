/**
 * The face-mesh constants of `@vladmandic/human` (MediaPipe face-mesh topology): the 468-point
 * triangulation `TRI468` (880 triangles; the mouth opening is a hole, the eyes are covered) and the
 * named landmark index groups `meshAnnotations` (lips, eyes, eyebrows, irises, silhouette...).
 *
 * They are not exported by the package (its exports map only names the bundles), so they are read
 * once, at run time, from the package's own files: `src/face/facemeshcoords.ts` when it ships,
 * else the Node bundle `dist/human.node.js` (where the same literals appear minified). Nothing is
 * hand-typed here.
 *
 * Naming in `meshAnnotations` is the subject's own side: `leftEye*` is the subject's left eye, which
 * is on the image right in a frontal portrait.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Landmarks per face: 468 mesh points + 2 x 5 iris points. */
export const LANDMARK_COUNT = 478;
/** Mesh points (the triangulated ones). */
export const MESH_POINT_COUNT = 468;

export interface FaceMeshConstants {
  /** 880 x 3 vertex indices into the 468 mesh landmarks. */
  readonly triangles: Uint16Array;
  /** Named landmark index groups (`silhouette`, `lipsUpperOuter`, `leftEyeUpper0`, ...). */
  readonly annotations: Readonly<Record<string, readonly number[]>>;
}

export class FaceMeshConstantsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaceMeshConstantsError';
  }
}

const SOURCE_FILES = ['src/face/facemeshcoords.ts', 'dist/human.node.js'] as const;
const TRIANGLES_PATTERN = /\[\s*127\s*,\s*34\s*,\s*139\s*,\s*11\s*,\s*0\s*,\s*37\s*,[\d\s,]*\]/;
const GROUP_PATTERN = /([A-Za-z0-9]+)\s*:\s*\[([\d\s,]*)\]/g;
const EXPECTED_TRIANGLES = 880;

let cached: FaceMeshConstants | undefined;

/** The package's root folder (resolving the package's main entry, which the exports map allows). */
function packageRoot(): string {
  const require = createRequire(import.meta.url);
  return dirname(dirname(require.resolve('@vladmandic/human')));
}

function parseNumbers(list: string): number[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
}

/** Drops whole-line `// ...` comments (the source keeps commented-out alternatives of some groups). */
function stripLineComments(text: string): string {
  return text.replace(/^[ \t]*\/\/[^\n]*$/gm, '');
}

/** Parses the constants out of one file's text; undefined when they are not all there. */
export function parseFaceMeshConstants(text: string): FaceMeshConstants | undefined {
  const clean = stripLineComments(text);
  const tri = TRIANGLES_PATTERN.exec(clean);
  const start = clean.indexOf('silhouette');
  if (!tri || start < 0) return undefined;
  const open = clean.lastIndexOf('{', start);
  const close = clean.indexOf('}', start);
  if (open < 0 || close < 0) return undefined;
  const annotations: Record<string, number[]> = {};
  for (const m of clean.slice(open, close).matchAll(GROUP_PATTERN)) {
    annotations[m[1] as string] = parseNumbers(m[2] as string);
  }
  const triangles = Uint16Array.from(parseNumbers(tri[0].slice(1, -1)));
  if (triangles.length !== EXPECTED_TRIANGLES * 3 || !annotations.lipsLowerInner) return undefined;
  return { triangles, annotations };
}

/** The constants, read from the installed `@vladmandic/human` once per process. */
export function loadFaceMeshConstants(): FaceMeshConstants {
  if (cached) return cached;
  let root: string;
  try {
    root = packageRoot();
  } catch (cause) {
    throw new FaceMeshConstantsError('@vladmandic/human is not installed', { cause });
  }
  for (const file of SOURCE_FILES) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    const parsed = parseFaceMeshConstants(text);
    if (parsed) {
      cached = parsed;
      return parsed;
    }
  }
  throw new FaceMeshConstantsError(
    `TRI468 / meshAnnotations not found in ${SOURCE_FILES.join(' or ')} under ${root}`,
  );
}
