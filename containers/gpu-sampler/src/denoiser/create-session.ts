/**
 * Creates an onnxruntime-node session on the requested execution providers: CUDA when asked for
 * and its provider files are installed (the GPU container installs them), otherwise the CPU, with
 * the fallback logged rather than failing.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

export type ExecutionProvider = 'cuda' | 'cpu';

export interface SessionOptions {
  /**
   * Providers in order of preference.
   * @default ['cpu']
   */
  readonly providers?: readonly ExecutionProvider[];
  /**
   * Threads for one operator; onnxruntime's default uses every core. The bundled motion prior
   * spends most of its time in `DFT`, whose CPU kernel is single-threaded, so for it 1, 2 and the
   * default measured the same within noise on 2 cores; a learned network's MatMuls use them.
   */
  readonly intraOpNumThreads?: number;
  /**
   * Where the CPU fallback is reported.
   * @default console.warn
   */
  readonly log?: (message: string) => void;
}

export interface CreatedSession {
  readonly session: ort.InferenceSession;
  readonly provider: ExecutionProvider;
}

/** The CUDA provider library beside onnxruntime-node's binding, if installed. */
function cudaProviderFile(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    const bin = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
    const file = join(bin, 'libonnxruntime_providers_cuda.so');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

export async function createSession(onnxPath: string, options: SessionOptions = {}): Promise<CreatedSession> {
  const providers = options.providers ?? ['cpu'];
  const log = options.log ?? ((m: string) => console.warn(m));
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
  };
  if (providers.includes('cuda')) {
    if (process.platform === 'linux' && !cudaProviderFile()) {
      log(
        `onnxruntime: CUDA requested but its provider files are not installed; running ${onnxPath} on the CPU`,
      );
    } else {
      try {
        const session = await ort.InferenceSession.create(onnxPath, {
          ...base,
          executionProviders: ['cuda'],
        });
        return { session, provider: 'cuda' };
      } catch (cause) {
        log(`onnxruntime: CUDA unavailable (${(cause as Error).message}); running ${onnxPath} on the CPU`);
      }
    }
  }
  const session = await ort.InferenceSession.create(onnxPath, { ...base, executionProviders: ['cpu'] });
  return { session, provider: 'cpu' };
}
