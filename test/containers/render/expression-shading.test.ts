import { beforeAll, describe, expect, it } from 'vitest';
import type { PortraitAnalysis, RgbImage } from '../../../containers/gpu-sampler/src/face/portrait.js';
import { buildDetailLayer } from '../../../containers/gpu-sampler/src/render/detail-layer.js';
import { createExpressionShading } from '../../../containers/gpu-sampler/src/render/expression-shading.js';
import {
  buildMeshTopology,
  type MeshTopology,
} from '../../../containers/gpu-sampler/src/render/mesh-topology.js';
import { smileConflict } from '../../../containers/gpu-sampler/src/render/smile-conflict.js';
import { buildWrinkleMaps } from '../../../containers/gpu-sampler/src/render/wrinkle-maps.js';
import { CHANNEL_COUNT, CHANNEL_NAMES } from '../../../core/motion/channels.js';
import { analyseExample, motion } from './portrait-fixture.js';

/**
 * The shading written plainly (I' = I exp(I_e sum_k a_k M_k + a_att A) over every pixel of the maps'
 * rectangles, summed in the same order): the optimised apply (non-zero spans only, restoring only
 * what the previous frame shaded) must give the same bytes.
 */
function shadePlainly(
  image: RgbImage,
  maps: ReturnType<typeof buildWrinkleMaps>,
  detail: ReturnType<typeof buildDetailLayer>,
  intensity: number,
  m: Float32Array,
): Uint8Array {
  const at = (name: string) => Math.max(0, m[CHANNEL_NAMES.indexOf(name)] ?? 0);
  const weights: [string, number][] = [
    ['AU1', at('AU1')],
    ['AU2L', at('AU2L')],
    ['AU2R', at('AU2R')],
    ['AU4', at('AU4')],
    ['AU9', at('AU9')],
  ];
  for (const s of ['L', 'R']) {
    weights.push([`fold${s}`, Math.max(at(`AU12${s}`), 0.6 * at('AU6'), 0.6 * at('AU10'), 0.5 * at('AU11'))]);
    weights.push([`crowsFeet${s}`, at('AU6') * (0.5 + 0.5 * at(`AU12${s}`))]);
  }
  const { width } = image;
  const acc = new Float32Array(image.width * image.height);
  for (const [name, w] of weights) {
    const map = maps[name];
    const a = intensity * w;
    if (!map || !(a > 1e-3)) continue;
    for (let j = 0; j < map.h; j++) {
      for (let i = 0; i < map.w; i++) {
        const k = (map.y0 + j) * width + map.x0 + i;
        acc[k] = acc[k]! + a * map.data[j * map.w + i]!;
      }
    }
  }
  const unsmile = smileConflict(m);
  const att = unsmile > 1e-3 ? unsmile : 0;
  const out = Uint8Array.from(image.data);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const inDetail =
        att > 0 && x >= detail.x0 && x < detail.x0 + detail.w && y >= detail.y0 && y < detail.y0 + detail.h;
      const di = inDetail ? ((y - detail.y0) * detail.w + x - detail.x0) * 3 : -1;
      const s = acc[y * width + x]!;
      if (
        s === 0 &&
        (di < 0 || (detail.data[di] === 0 && detail.data[di + 1] === 0 && detail.data[di + 2] === 0))
      )
        continue;
      for (let k = 0; k < 3; k++) {
        const o = (y * width + x) * 3 + k;
        const v = image.data[o]! * Math.exp(di < 0 ? s : s + att * detail.data[di + k]!) + 0.5;
        out[o] = v > 255 ? 255 : v | 0;
      }
    }
  }
  return out;
}

let analysis: PortraitAnalysis;
let topology: MeshTopology;
beforeAll(async () => {
  analysis = await analyseExample(256);
  topology = buildMeshTopology(analysis.landmarks, analysis.image.width, analysis.image.height);
});

describe('createExpressionShading', () => {
  it('gives the plainly computed bytes, frame after frame (restoring what the last frame shaded)', () => {
    // Prepare: each map on its own, all together, the smile attenuation, nothing, and random mixes.
    let state = 5;
    const rnd = () => {
      state = (state * 16_807) % 2_147_483_647;
      return state / 2_147_483_647;
    };
    const random = () => {
      const m = new Float32Array(CHANNEL_COUNT);
      for (let c = 0; c < CHANNEL_COUNT; c++) m[c] = rnd() < 0.4 ? rnd() * 1.2 - 0.1 : 0;
      return m;
    };
    const frames = [
      motion({ AU1: 1 }),
      motion({ AU4: 0.8, AU9: 0.6 }),
      motion({ AU6: 1, AU12L: 1 }),
      motion({ AU15: 1, AU1: 0.5, AU4: 0.5 }), // contradicts the source's smile: detail attenuated
      motion(),
      ...Array.from({ length: 12 }, random),
      motion(),
      motion({ AU2R: 0.7 }),
    ];
    const intensity = 1.8;
    const maps = buildWrinkleMaps(topology);
    const detail = buildDetailLayer(analysis.image, topology);
    const shading = createExpressionShading(analysis.image, topology, { intensity });
    expect(frames.filter((m) => smileConflict(m) > 0.1).length).toBeGreaterThan(2);
    for (const m of frames) {
      // Act
      const shaded = shading.apply(m);
      // Assess
      const expected = shadePlainly(analysis.image, maps, detail, intensity, m);
      expect(Buffer.from(shaded.data).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it('shades into a given buffer, which holds the source where nothing shades', () => {
    // Prepare
    const into = new Uint8Array(analysis.image.data.length);
    const shading = createExpressionShading(analysis.image, topology, { intensity: 1.8, into });
    // Act
    const smiling = shading.apply(motion({ AU6: 1, AU12L: 1, AU12R: 1 }));
    const changed = Buffer.from(into).equals(Buffer.from(analysis.image.data));
    const neutral = shading.apply(motion());
    // Assess
    expect(smiling.data).toBe(into);
    expect(changed).toBe(false);
    expect(neutral.data).toBe(into);
    expect(Buffer.from(into).equals(Buffer.from(analysis.image.data))).toBe(true);
  });
});
