/**
 * The expression preview: portrait bytes + plan (+ intensity) -> one PNG still of the face at the
 * plan's apex, fast enough to follow a slider (the web studio's `POST /v1/preview`).
 *
 * No sampling: the still is the *expected* apex of what the Draw stage samples, in closed form.
 *
 * Notation key (as in core/motion/au-targets.ts and core/sampler/progressive-guidance.ts)
 *   k          the previewed segment: the plan's apex, argmax_k s_k (the first on ties), unless chosen
 *   s_k        the segment's overall intensity (segmentIntensity)
 *   g_k, l_k   the global (emotion prototype) and local (the plan's own AUs) targets of segment k
 *   r(d)       the guidance region owning AU channel d, w_r its local guidance scale
 *   v          the preview's motion vector (37 channels)
 *
 *   v_d = clamp( g_k,d + w_r(d) · (l_k,d − g_k,d), 0, 1 )   on the AU channels
 *   v_d = 0                                                 articulation, head, gaze, blink
 *
 * i.e. the local phase of progressive guidance applied to the targets themselves (with the
 * shipped Gaussian prior the denoiser is unbiased at its condition, so the sampled apex frames
 * average to this, up to the prior's small baseline and the speech's coupling into AU25/26).
 * The mouth is closed and the head still: the preview shows the emotion, not the speech.
 * `intensity` is the job's `options.intensity`: it scales the renderer exactly as runDraw does.
 *
 * Stages
 *   1. key = sha256(portrait) + size + crop; the PortraitAnalysis (face mesh, crop) comes from a
 *      small LRU, or is computed once (concurrent requests for one portrait share the work);
 *   2. the frame renderer for (key, intensity): from a small LRU inside the entry (creating one
 *      costs a few hundred ms: warp mesh, displacement basis, shading maps);
 *   3. v from the plan (apexMotion); render one frame;
 *   4. PNG encode (sharp, low compression: speed over bytes on a loopback link).
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import {
  globalSegmentTargets,
  localSegmentTargets,
  type PrototypeLookup,
  segmentIntensity,
} from '../../../../core/motion/au-targets.js';
import { CHANNEL_COUNT, MOTION_CHANNELS } from '../../../../core/motion/channels.js';
import { facsPrototypeFor } from '../../../../core/motion/facs-prototypes.js';
import type { ExpressionPlan } from '../../../../core/plan/expression-plan.js';
import { GUIDANCE_DEFAULTS } from '../../../../core/sampler/progressive-guidance.js';
import { type AnalyzePortraitOptions, analyzePortrait } from '../face/analyze-portrait.js';
import type { FaceBox, PortraitAnalysis } from '../face/portrait.js';
import { createFrameRenderer, FRAME_RENDERER_DEFAULTS, type FrameRenderer } from '../render/render-frame.js';

export const PREVIEW_DEFAULTS = {
  /** Side of the preview, px (even). @default 384 */
  size: 384,
  /** @default 'face' (as the video: DRAW_DEFAULTS.crop) */
  crop: 'face',
  /** Portraits whose analysis is kept. @default 4 */
  cachedPortraits: 4,
  /** Renderers (one per intensity) kept per portrait. @default 3 */
  cachedRenderersPerPortrait: 3,
  /** zlib level of the PNG: 1 encodes 384² in ~6 ms, 6 in ~10 ms for 13 % fewer bytes. @default 1 */
  pngCompressionLevel: 1,
} as const;

export class PreviewError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PreviewError';
  }
}

/** The plan has no segment `segment`. */
export class PreviewSegmentError extends PreviewError {
  constructor(segment: number, count: number) {
    super(`segment ${segment} is out of range: the plan has ${count} (0..${count - 1})`);
    this.name = 'PreviewSegmentError';
  }
}

export interface PreviewInput {
  /** PNG, JPEG or WebP bytes with one face. */
  readonly portrait: Uint8Array;
  /** Undefined: the neutral face (the portrait as the video's first frame would crop it). */
  readonly plan?: ExpressionPlan;
  /** The job's `options.intensity` (1 = as planned). @default 1 */
  readonly intensity?: number;
  /** Which segment to show. @default the apex (apexMotion) */
  readonly segment?: number;
  /** @default PREVIEW_DEFAULTS.size */
  readonly size?: number;
  /** @default PREVIEW_DEFAULTS.crop */
  readonly crop?: 'face' | 'full';
}

export interface PreviewImage {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** The face box in the preview's pixels. */
  readonly box: FaceBox;
  /** The face box in the uploaded portrait's pixels (EXIF-upright). */
  readonly sourceBox: FaceBox;
  readonly source: { readonly width: number; readonly height: number; readonly format: string };
  /** The segment shown; -1 for the neutral face. */
  readonly segment: number;
  /** The motion vector rendered (37 channels, channel order). */
  readonly motion: Float32Array;
  /** 'hit': the portrait's analysis was cached. */
  readonly cache: 'hit' | 'miss';
  readonly timings: {
    readonly analysisMs: number;
    readonly rendererMs: number;
    readonly renderMs: number;
    readonly encodeMs: number;
    readonly totalMs: number;
  };
  readonly warnings: readonly string[];
}

export interface ApexMotion {
  readonly motion: Float32Array;
  readonly segment: number;
  readonly warnings: readonly string[];
}

/** The apex segment: the first with the largest overall intensity s_k. */
export function apexSegment(plan: ExpressionPlan): number {
  let best = 0;
  plan.segments.forEach((segment, k) => {
    if (segmentIntensity(segment) > segmentIntensity(plan.segments[best]!)) best = k;
  });
  return best;
}

/** v for one segment of the plan (the module comment's formula). */
export function apexMotion(
  plan: ExpressionPlan,
  options: {
    segment?: number;
    prototypeFor?: PrototypeLookup;
    regionScales?: Partial<Record<keyof typeof GUIDANCE_DEFAULTS.regionScales, number>>;
  } = {},
): ApexMotion {
  const k = options.segment ?? apexSegment(plan);
  const segment = plan.segments[k];
  if (!Number.isInteger(k) || !segment) throw new PreviewSegmentError(k, plan.segments.length);
  const warnings = new Set<string>();
  const g = globalSegmentTargets(segment, options.prototypeFor ?? facsPrototypeFor, warnings);
  const l = localSegmentTargets(segment, warnings);
  const scales = { ...GUIDANCE_DEFAULTS.regionScales, ...options.regionScales };
  const motion = new Float32Array(CHANNEL_COUNT);
  MOTION_CHANNELS.forEach((channel, d) => {
    if (channel.group !== 'au' || !channel.region) return;
    const w = scales[channel.region];
    const v = g[d]! + w * (l[d]! - g[d]!);
    motion[d] = Math.min(1, Math.max(0, v));
  });
  return { motion, segment: k, warnings: [...warnings] };
}

interface PortraitEntry {
  readonly analysis: Promise<PortraitAnalysis>;
  /** intensity -> renderer, least recently used first. */
  readonly renderers: Map<number, FrameRenderer>;
}

export interface PreviewRendererOptions {
  /** @default PREVIEW_DEFAULTS.cachedPortraits */
  readonly cachedPortraits?: number;
  /** @default PREVIEW_DEFAULTS.cachedRenderersPerPortrait */
  readonly cachedRenderersPerPortrait?: number;
  /** @default analyzePortrait (tests inject a counting one) */
  readonly analyze?: (bytes: Uint8Array, options: AnalyzePortraitOptions) => Promise<PortraitAnalysis>;
}

/**
 * Previews with the portrait's analysis and renderers cached (LRU by portrait hash): the first
 * preview of a portrait costs the face mesh and the renderer set-up, the next ones a render and
 * a PNG encode.
 */
export class PreviewRenderer {
  private readonly entries = new Map<string, PortraitEntry>();
  private readonly maxPortraits: number;
  private readonly maxRenderers: number;
  private readonly analyze: NonNullable<PreviewRendererOptions['analyze']>;

  constructor(options: PreviewRendererOptions = {}) {
    this.maxPortraits = Math.max(1, options.cachedPortraits ?? PREVIEW_DEFAULTS.cachedPortraits);
    this.maxRenderers = Math.max(
      1,
      options.cachedRenderersPerPortrait ?? PREVIEW_DEFAULTS.cachedRenderersPerPortrait,
    );
    this.analyze = options.analyze ?? analyzePortrait;
  }

  /** Portraits in the cache. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * @throws the face module's PortraitErrors (unsupported or corrupt image, no face, face too small)
   * @throws PreviewSegmentError  `segment` is not a segment of the plan
   * @throws RangeError  intensity or size out of range
   */
  async render(input: PreviewInput): Promise<PreviewImage> {
    const started = performance.now();
    const size = input.size ?? PREVIEW_DEFAULTS.size;
    const crop = input.crop ?? PREVIEW_DEFAULTS.crop;
    const intensity = input.intensity ?? 1;
    if (!(intensity >= 0 && intensity <= 2))
      throw new RangeError(`intensity must be in [0, 2], got ${intensity}`);
    // 3 first (cheap, and a bad segment should not cost an analysis).
    const apex = input.plan
      ? apexMotion(input.plan, input.segment !== undefined ? { segment: input.segment } : {})
      : { motion: new Float32Array(CHANNEL_COUNT), segment: -1, warnings: [] };

    // 1. The analysis.
    const key = `${createHash('sha256').update(input.portrait).digest('hex')}:${size}:${crop}`;
    let entry = this.entries.get(key);
    const cache = entry ? 'hit' : 'miss';
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = { analysis: this.analyze(input.portrait, { size, crop }), renderers: new Map() };
      this.entries.set(key, entry);
      while (this.entries.size > this.maxPortraits) this.entries.delete(this.entries.keys().next().value!);
    }
    let analysis: PortraitAnalysis;
    try {
      analysis = await entry.analysis;
    } catch (error) {
      // Failures are not kept: the same bytes fail again, quickly enough, and a transient one heals.
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
    const analyzed = performance.now();

    // 2. The renderer for this intensity.
    let renderer = entry.renderers.get(intensity);
    if (renderer) entry.renderers.delete(intensity);
    else
      renderer = createFrameRenderer(analysis, { intensity: FRAME_RENDERER_DEFAULTS.intensity * intensity });
    entry.renderers.set(intensity, renderer);
    while (entry.renderers.size > this.maxRenderers)
      entry.renderers.delete(entry.renderers.keys().next().value!);
    const prepared = performance.now();

    // 3. Render.
    const rgb = renderer.render(apex.motion);
    const rendered = performance.now();

    // 4. Encode.
    const png = await sharp(rgb, { raw: { width: renderer.width, height: renderer.height, channels: 3 } })
      .png({ compressionLevel: PREVIEW_DEFAULTS.pngCompressionLevel })
      .toBuffer();
    const encoded = performance.now();

    return {
      png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
      width: renderer.width,
      height: renderer.height,
      box: analysis.box,
      sourceBox: analysis.sourceBox ?? analysis.box,
      source: analysis.source,
      segment: apex.segment,
      motion: apex.motion,
      cache,
      timings: {
        analysisMs: analyzed - started,
        rendererMs: prepared - analyzed,
        renderMs: rendered - prepared,
        encodeMs: encoded - rendered,
        totalMs: encoded - started,
      },
      warnings: [...analysis.warnings, ...apex.warnings],
    };
  }

  /** Forgets every cached portrait. */
  clear(): void {
    this.entries.clear();
  }
}
