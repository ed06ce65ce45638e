/**
 * `@vladmandic/human` in Node on the tfjs wasm backend, loaded once per process.
 *
 * - The package's `exports` map has no subpath for `dist/human.node-wasm.js` (its keys are read as
 *   conditions), so the bundle is loaded by path, after patching it for sub-pixel face-mesh
 *   coordinates (see human-mesh-patch.ts), with a `require` rooted at the bundle.
 * - Models ship in the package's `models/`; `modelBasePath` is that folder as a `file://` URL,
 *   served from disk by a tfjs load router (file-model-io.ts). The wasm binaries come from
 *   `@tensorflow/tfjs-backend-wasm/dist` (file paths). Nothing is downloaded.
 * - The bundle requires `@tensorflow/tfjs-core`, `@tensorflow/tfjs-converter` and
 *   `@tensorflow/tfjs-backend-wasm` (4.x), which must be installed beside it.
 *
 * Images go in as tensors: `human.tf.tensor3d(rgb, [height, width, 3], 'int32')`; human uses a
 * tensor input as-is (no filters, no canvas). See detect-faces.ts.
 *
 * Caution: `human.detect(input, config)` merges `config` into the shared instance's config for
 * good (human 3.x), so pass no per-call overrides to the shared instance; create your own
 * `Human` if you need another configuration.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';
import { FaceModelError } from './errors.js';
import { registerFileModelRouter, type TfIoLike } from './file-model-io.js';
import { patchSubpixelMesh } from './human-mesh-patch.js';
import type { HumanFace } from './human-types.js';

/** Human configuration used by this project (merged over human's own defaults). */
export const HUMAN_DEFAULTS = {
  /** @default 'wasm' */
  backend: 'wasm',
  /** Models are loaded from disk, never cached in IndexedDB. @default false */
  cacheModels: false,
  /** No warm-up from human's sample images (they need a canvas); see `warmUp`. @default 'none' */
  warmup: 'none',
  /** Still images: never reuse boxes or results from a previous input. @default 0 */
  cacheSensitivity: 0,
  /** @default false */
  skipAllowed: false,
  /** Tensor inputs bypass filters anyway; off so that nothing alters the pixels. @default false */
  filter: { enabled: false },
  /** @default false */
  gesture: { enabled: false },
  face: {
    enabled: true,
    detector: {
      /** Up to this many faces per image (several faces -> the largest is used). @default 10 */
      maxDetected: 10,
      /** Roll correction before the mesh (rotated crop when the roll exceeds ~11°). @default true */
      rotation: true,
      /** @default 0.3 */
      minConfidence: 0.3,
      /** @default false */
      return: false,
    },
    mesh: { enabled: true },
    /** 478 points: the iris model refines the 10 iris points. @default true */
    iris: { enabled: true },
    /**
     * The attention mesh (`facemesh-attention.json`) is not shipped in the npm package's
     * `models/`, so it cannot be loaded offline. @default false
     */
    attention: { enabled: false },
    /** Emotion scores, for the evaluation (7 classes). @default true */
    emotion: { enabled: true },
    /** Face descriptor (1024-d embedding) + age/gender, for identity checks. @default true */
    description: { enabled: true },
    antispoof: { enabled: false },
    liveness: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  segmentation: { enabled: false },
} as const;

/** The part of the tfjs namespace exposed as `human.tf` that this project uses. */
export interface HumanTf {
  readonly io: TfIoLike;
  tensor3d(
    values: Uint8Array | Int32Array | Float32Array,
    shape: [number, number, number],
    dtype?: string,
  ): HumanTensor;
  getBackend(): string;
  engine(): { state: { numTensors: number } };
}

export interface HumanTensor {
  readonly shape: number[];
  dispose(): void;
}

/** The part of a human 3.x result this project uses. */
export interface HumanResult {
  readonly face: readonly HumanFace[];
}

/** The part of the `Human` instance this project uses (human's own typings need DOM types). */
export interface HumanInstance {
  readonly version: string;
  readonly tf: HumanTf;
  readonly config: Record<string, unknown>;
  /** Loaded graph models by name; a model that failed to load has no `executor`. */
  readonly models: { readonly models: Readonly<Record<string, { readonly executor?: unknown } | null>> };
  load(): Promise<void>;
  detect(input: HumanTensor, config?: Record<string, unknown>): Promise<HumanResult>;
}

const moduleRequire = createRequire(import.meta.url);
let humanPromise: Promise<HumanInstance> | undefined;

/**
 * The process-wide Human instance (created, models loaded and warmed up on first call).
 * A failed load is not memoised, so a later call tries again.
 */
export function getHuman(): Promise<HumanInstance> {
  humanPromise ??= loadHuman().catch((error: unknown) => {
    humanPromise = undefined;
    throw error;
  });
  return humanPromise;
}

/** The models HUMAN_DEFAULTS enables, by human's names for them. */
const REQUIRED_MODELS = ['blazeface', 'facemesh', 'iris', 'emotion', 'faceres'] as const;

/** Paths of human's bundle, models and the wasm binaries. @throws FaceModelError when not installed. */
export function humanPaths(): { bundle: string; models: string; wasm: string } {
  try {
    // The "node" condition resolves to dist/human.node.js: its folder is dist/.
    const dist = dirname(moduleRequire.resolve('@vladmandic/human'));
    const bundle = join(dist, 'human.node-wasm.js');
    const bundleRequire = createRequire(bundle);
    return {
      bundle,
      models: join(dist, '..', 'models'),
      wasm: dirname(bundleRequire.resolve('@tensorflow/tfjs-backend-wasm')),
    };
  } catch (error) {
    throw new FaceModelError(`@vladmandic/human or @tensorflow/tfjs-backend-wasm is not installed`, {
      cause: error,
    });
  }
}

async function loadHuman(): Promise<HumanInstance> {
  const paths = humanPaths();
  const Human = evaluateBundle(paths.bundle);
  const config = {
    ...HUMAN_DEFAULTS,
    modelBasePath: `${pathToFileURL(paths.models).href}/`,
    wasmPath: `${paths.wasm}/`,
    debug: false,
  };
  const human = new Human(config);
  registerFileModelRouter(human.tf.io);
  await human.load();
  // human logs a model that fails to load and carries on; we refuse to run without it.
  const missing = REQUIRED_MODELS.filter((name) => !human.models.models[name]?.executor);
  if (missing.length > 0) {
    throw new FaceModelError(`human could not load ${missing.join(', ')} from ${paths.models}`);
  }
  await warmUp(human);
  if (human.tf.getBackend() !== 'wasm') {
    throw new FaceModelError(`human runs on the '${human.tf.getBackend()}' backend, expected 'wasm'`);
  }
  return human;
}

/** One detection on a blank image: initialises the backend and compiles the detector kernels. */
async function warmUp(human: HumanInstance): Promise<void> {
  const size = 256;
  const tensor = human.tf.tensor3d(new Int32Array(size * size * 3).fill(128), [size, size, 3], 'int32');
  try {
    await human.detect(tensor);
  } finally {
    tensor.dispose();
  }
}

type HumanConstructor = new (config: Record<string, unknown>) => HumanInstance;

function evaluateBundle(bundlePath: string): HumanConstructor {
  const source = patchSubpixelMesh(readFileSync(bundlePath, 'utf8'));
  const bundleRequire = createRequire(bundlePath);
  const module = { exports: {} as Record<string, unknown> };
  const run = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: bundlePath,
  });
  try {
    run(module.exports, bundleRequire, module, bundlePath, dirname(bundlePath));
  } catch (error) {
    const missing = /Cannot find module '([^']+)'/.exec(String(error))?.[1];
    throw new FaceModelError(
      missing
        ? `human needs '${missing}' (4.x, the same version as @tensorflow/tfjs-core) installed`
        : `cannot evaluate ${bundlePath}: ${String(error)}`,
      { cause: error },
    );
  }
  const Human = module.exports.Human ?? module.exports.default;
  if (typeof Human !== 'function') throw new FaceModelError(`${bundlePath} exports no Human class`);
  return Human as HumanConstructor;
}
