/**
 * The load test's tiny inputs, made from the examples (provenance in examples/README.md): a
 * square crop of the 512 px astronaut portrait around the face (kept at full scale: the face is
 * ~95 px, above the 64 px minimum, which a downscaled whole portrait is not) and the first second
 * of the surprise speech clip, as a 16-bit PCM WAV.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

const EXAMPLES = new URL('../../examples/', import.meta.url);

/** Where the face is in examples/portrait-astronaut.png (512×512); crops up to 288 px fit. */
const FACE_CENTER = { x: 224, y: 144 } as const;

export interface LoadInputs {
  readonly portrait: Uint8Array;
  readonly audio: Uint8Array;
  readonly audioSec: number;
  readonly portraitPx: number;
}

/** The `data` chunk of a RIFF/WAVE file and its `fmt ` fields. */
function wavParts(bytes: Uint8Array): {
  header: Uint8Array;
  data: Uint8Array;
  bytesPerSec: number;
  blockAlign: number;
} {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let bytesPerSec = 0;
  let blockAlign = 1;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = view.getUint32(at + 4, true);
    if (tag(at) === 'fmt ') {
      bytesPerSec = view.getUint32(at + 16, true);
      blockAlign = view.getUint16(at + 20, true) || 1;
    }
    if (tag(at) === 'data') {
      if (bytesPerSec === 0) throw new Error('WAV data before its fmt chunk');
      const data = bytes.subarray(at + 8, at + 8 + size);
      return { header: bytes.slice(0, at + 8), data, bytesPerSec, blockAlign };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('WAV without a data chunk');
}

/** The first `seconds` of a PCM WAV, sizes in the RIFF and data headers rewritten. */
export function trimWav(bytes: Uint8Array, seconds: number): Uint8Array {
  const { header, data, bytesPerSec, blockAlign } = wavParts(bytes);
  const keep = Math.min(data.length, Math.floor((seconds * bytesPerSec) / blockAlign) * blockAlign);
  const out = new Uint8Array(header.length + keep);
  out.set(header);
  out.set(data.subarray(0, keep), header.length);
  const view = new DataView(out.buffer);
  view.setUint32(4, out.length - 8, true);
  view.setUint32(header.length - 4, keep, true);
  return out;
}

export async function loadInputs(portraitPx: number, audioSec: number): Promise<LoadInputs> {
  const portrait = await sharp(await readFile(new URL('portrait-astronaut.png', EXAMPLES)))
    .extract({
      left: FACE_CENTER.x - portraitPx / 2,
      top: FACE_CENTER.y - portraitPx / 2,
      width: portraitPx,
      height: portraitPx,
    })
    .png()
    .toBuffer();
  const speech = await readFile(new URL('speech-surprise-16k.wav', EXAMPLES));
  return {
    portrait: new Uint8Array(portrait),
    audio: trimWav(new Uint8Array(speech), audioSec),
    audioSec,
    portraitPx,
  };
}
