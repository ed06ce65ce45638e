import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultModelDir, OnnxDenoiser } from '../../../containers/gpu-sampler/src/denoiser/index.js';
import { probeMp4 } from '../../../containers/gpu-sampler/src/encode/probe.js';
import { NoFaceError } from '../../../containers/gpu-sampler/src/face/errors.js';
import { DRAW_FILES, runDraw } from '../../../containers/gpu-sampler/src/pipeline/run-draw.js';
import type { Denoiser } from '../../../core/contracts/denoiser-model.js';
import { FacsReasoner } from '../../../core/facs/facs-reasoner.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import { gradientPng, portraitPng } from '../../fixtures/images/portrait-images.js';
import { toneWav } from '../encode/media-fixtures.js';

let denoiser: Denoiser;
let plan: ExpressionPlan;
beforeAll(async () => {
  denoiser = await OnnxDenoiser.create(defaultModelDir());
  plan = await new FacsReasoner().reason('pleased, then surprised');
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tbd-run-draw-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runDraw', () => {
  it('writes the video, the preview sheet and motion.json (nothing else)', async () => {
    // Prepare
    const seconds = 1.5;
    const inputs = {
      portrait: new Uint8Array(portraitPng()),
      audio: new Uint8Array(toneWav(seconds)),
      audioName: 'tone.wav',
      plan,
      options: { size: 128, steps: 4, seed: 3, fps: 25 },
    };
    const stages = new Set<string>();

    // Act
    const out = await runDraw(inputs, dir, { denoiser, onProgress: (stage) => stages.add(stage) });

    // Assess
    const frames = Math.ceil(seconds * 25);
    expect(out).toMatchObject({ frames, fps: 25, seed: 3 });
    expect((await readdir(dir)).sort()).toEqual(
      [DRAW_FILES.motion, DRAW_FILES.preview, DRAW_FILES.video].sort(),
    );
    const probe = await probeMp4(out.videoPath);
    expect(probe).toMatchObject({ width: 128, height: 128, fps: 25, hasAudio: true });
    expect(probe.video?.frames).toBe(frames);
    expect((await readFile(out.previewPath)).subarray(1, 4).toString()).toBe('PNG');
    const motion = JSON.parse(await readFile(out.motionPath, 'utf8')) as { frames: number[][] };
    expect(motion.frames).toHaveLength(frames);
    for (const stage of [
      'audioMs',
      'motionMs',
      'portraitMs',
      'renderMs',
      'encodeMs',
      'writeWaitMs',
      'previewMs',
      'finishMs',
    ]) {
      expect(out.timings[stage], stage).toBeGreaterThanOrEqual(0);
    }
    expect(out.timings.totalMs).toBeGreaterThan(out.timings.renderMs!);
    expect([...stages].sort()).toEqual(['motion', 'render']);
  });

  it('a portrait without a face fails with NoFaceError and leaves no file', async () => {
    // Prepare
    const inputs = {
      portrait: new Uint8Array(await gradientPng()),
      audio: new Uint8Array(toneWav(1)),
      plan,
      options: { size: 128, steps: 2 },
    };
    // Act
    const error = await runDraw(inputs, dir, { denoiser }).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(NoFaceError);
    expect(await readdir(dir)).toEqual([]);
  });
});
