/**
 * Appearance, not only geometry: per-frame shading of the source before it is warped (so the
 * shading follows the skin).
 *
 *   log(I'/I) = S = I_e sum_k a_k(m) M_k + a_att(m) A
 *
 * Notation: I the source RGB, I' the shaded source, m the frame's motion, I_e the expression scale
 * (render-frame.ts `intensity`), M_k the wrinkle / fold maps (wrinkle-maps.ts) with weights a_k:
 *   AU1 -> forehead lines (central), AU2L / AU2R -> forehead lines (lateral, per side),
 *   AU4 -> glabellar lines, AU9 -> nose-bridge and nose-side wrinkles,
 *   fold (per side) = max(AU12 side, 0.6 AU6, 0.6 AU10, 0.5 AU11) -> deeper nasolabial fold,
 *   crow's feet (per side) = AU6 (x (0.5 + 0.5 AU12 side));
 * A the source's smile detail (detail-layer.ts, one log ratio per colour channel, so
 * S has one per channel there) with weight a_att = the smile-conflict weight
 * (smile-conflict.ts: how much the target contradicts a smile). Zero motion gives S = 0 (the
 * identity), so a smiling source keeps its smile unless the target contradicts it.
 */
import { CHANNEL_NAMES } from '../../../../core/motion/channels.js';
import type { RgbImage } from '../face/portrait.js';
import { buildDetailLayer } from './detail-layer.js';
import type { MeshTopology } from './mesh-topology.js';
import { smileConflict } from './smile-conflict.js';
import { buildWrinkleMaps, type SparseMap } from './wrinkle-maps.js';

export interface ExpressionShading {
  /** The shaded source for this frame (the source itself when nothing shades). */
  apply(motion: Float32Array): RgbImage;
}

export function createExpressionShading(
  image: RgbImage,
  topology: MeshTopology,
  options: { intensity: number },
): ExpressionShading {
  const maps = buildWrinkleMaps(topology);
  const detail = buildDetailLayer(image, topology);
  const ch = (name: string) => CHANNEL_NAMES.indexOf(name);
  const { width, height } = image;
  const shaded = { width, height, data: Uint8Array.from(image.data) };
  const acc = new Float32Array(width * height);
  let dirty: [number, number, number, number] | undefined;
  const I = options.intensity;

  return {
    apply(m) {
      const at = (name: string) => Math.max(0, m[ch(name)] ?? 0);
      const active: [SparseMap, number][] = [];
      const add = (map: SparseMap | undefined, a: number) => {
        if (map && a > 1e-3 && map.w > 0 && map.h > 0) active.push([map, a]);
      };
      add(maps.AU1, I * at('AU1'));
      add(maps.AU2L, I * at('AU2L'));
      add(maps.AU2R, I * at('AU2R'));
      add(maps.AU4, I * at('AU4'));
      add(maps.AU9, I * at('AU9'));
      for (const s of ['L', 'R']) {
        add(
          maps[`fold${s}`],
          I * Math.max(at(`AU12${s}`), 0.6 * at('AU6'), 0.6 * at('AU10'), 0.5 * at('AU11')),
        );
        add(maps[`crowsFeet${s}`], I * at('AU6') * (0.5 + 0.5 * at(`AU12${s}`)));
      }
      const unsmile = smileConflict(m);
      const att = unsmile > 1e-3 && detail.w > 0 && detail.h > 0 ? unsmile : 0;

      // Restore what the previous frame shaded.
      if (dirty) {
        const [x0, y0, x1, y1] = dirty;
        for (let y = y0; y < y1; y++) {
          const o = (y * width + x0) * 3;
          shaded.data.set(image.data.subarray(o, o + (x1 - x0) * 3), o);
        }
        dirty = undefined;
      }
      if (active.length === 0 && att === 0) return image;
      let [x0, y0, x1, y1] = [width, height, 0, 0];
      for (const [map] of att > 0 ? [...active, [detail, att] as const] : active) {
        [x0, y0] = [Math.min(x0, map.x0), Math.min(y0, map.y0)];
        [x1, y1] = [Math.max(x1, map.x0 + map.w), Math.max(y1, map.y0 + map.h)];
      }
      for (let y = y0; y < y1; y++) acc.fill(0, y * width + x0, y * width + x1);
      for (const [map, a] of active) {
        for (let j = 0; j < map.h; j++) {
          const row = (map.y0 + j) * width + map.x0;
          for (let i = 0; i < map.w; i++) acc[row + i] = acc[row + i]! + a * map.data[j * map.w + i]!;
        }
      }
      const { x0: dx0, y0: dy0, w: dw, h: dh, data: dd } = detail;
      for (let y = y0; y < y1; y++) {
        const inY = att > 0 && y >= dy0 && y < dy0 + dh;
        for (let x = x0; x < x1; x++) {
          const s = acc[y * width + x]!;
          const di = inY && x >= dx0 && x < dx0 + dw ? ((y - dy0) * dw + x - dx0) * 3 : -1;
          if (s === 0 && (di < 0 || (dd[di] === 0 && dd[di + 1] === 0 && dd[di + 2] === 0))) continue;
          const o = (y * width + x) * 3;
          for (let k = 0; k < 3; k++) {
            const v = image.data[o + k]! * Math.exp(di < 0 ? s : s + att * dd[di + k]!) + 0.5;
            shaded.data[o + k] = v > 255 ? 255 : v | 0;
          }
        }
      }
      dirty = [x0, y0, x1, y1];
      return shaded;
    },
  };
}
