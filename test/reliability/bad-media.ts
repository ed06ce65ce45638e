/**
 * The media of the bad-input catalogue, generated in code (sharp for images, a small WAV writer
 * for audio) from the example portrait and speech (examples/, public domain; see their README), so
 * nothing large is committed. Everything is small and short: the good portrait is a 512² JPEG,
 * the good speech 0.6 s of examples/speech-surprise-16k.wav, so a real draw at 128 px with 4
 * steps and 10 fps takes well under a second of sampling.
 *
 * Each medium has the Content-Type a client would declare for it (the API's presigned POST
 * demands one; the file name `portrait.<ext>` / `audio.<ext>` follows from it on both paths) and
 * a generator of fresh bytes (built once and cloned per call; the huge ones are built per call).
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import {
  AUDIO_CONTENT_TYPES,
  type AudioContentType,
  PORTRAIT_CONTENT_TYPES,
  type PortraitContentType,
} from '../../core/contracts/api.js';
import { decodeWav } from '../../core/speech/wav-decode.js';
import { writeWav } from '../core/speech/wav-writer.js';
import {
  gradientPng,
  pngHeaderOnly,
  portraitPng,
  truncated,
  twoFaces,
} from '../fixtures/images/portrait-images.js';

const EXAMPLES = new URL('../../examples/', import.meta.url);

/** Seconds of the good speech clip. */
export const GOOD_SPEECH_SEC = 0.6;

/** The largest medium ingest accepts, in bytes (functions/ingest/check-media.ts MEDIA_DEFAULTS). */
export const MEDIA_MAX_BYTES = { portrait: 25 * 1024 * 1024, audio: 100 * 1024 * 1024 } as const;

export interface Medium<T extends string> {
  /** What a client declares (and the API's presigned POST then demands). */
  readonly contentType: T;
  readonly bytes: () => Promise<Uint8Array>;
}

type Make = () => Promise<Uint8Array> | Uint8Array;

function once(make: Make): () => Promise<Uint8Array> {
  let made: Promise<Uint8Array> | undefined;
  return async () => {
    made ??= Promise.resolve(make()).then((bytes) => new Uint8Array(bytes));
    return new Uint8Array(await made);
  };
}

function image(contentType: PortraitContentType, make: Make): Medium<PortraitContentType> {
  return { contentType, bytes: once(make) };
}

function sound(contentType: AudioContentType, make: Make): Medium<AudioContentType> {
  return { contentType, bytes: once(make) };
}

/** A medium too large to keep around: built on each call. */
function huge<T extends string>(contentType: T, make: () => Uint8Array): Medium<T> {
  return { contentType, bytes: async () => make() };
}

/** `portrait.png`, `audio.wav`: the file name of a medium, as the API names its uploads. */
export function mediumFile(field: 'portrait' | 'audio', contentType: string): string {
  const types: Record<string, string> = { ...PORTRAIT_CONTENT_TYPES, ...AUDIO_CONTENT_TYPES };
  return `${field}.${types[contentType]}`;
}

const text = (value: string) => new TextEncoder().encode(value);

/** Mono 16 kHz samples of the example speech, from `startSec`, `seconds` long. */
function speechSamples(seconds: number, startSec = 0.4): Float32Array {
  const wav = decodeWav(new Uint8Array(readFileSync(new URL('speech-surprise-16k.wav', EXAMPLES))));
  const from = Math.round(startSec * wav.sampleRate);
  return wav.samples.slice(from, from + Math.round(seconds * wav.sampleRate));
}

/** A `rate` Hz version of `samples` (16 kHz), by linear interpolation: good enough for a test. */
function atRate(samples: Float32Array, rate: number): Float32Array {
  const out = new Float32Array(Math.round((samples.length * rate) / 16_000));
  for (let i = 0; i < out.length; i++) {
    const x = (i * 16_000) / rate;
    const j = Math.min(samples.length - 2, Math.floor(x));
    out[i] = samples[j]! + (x - j) * (samples[j + 1]! - samples[j]!);
  }
  return out;
}

/** A buffer of `size` bytes that starts with `head` (zeros after it). */
function padded(head: Uint8Array, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(head);
  return bytes;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const portraits = {
  /** The example portrait as a 512² JPEG: one face (~95 px), small to upload. */
  good: image('image/jpeg', () => sharp(portraitPng()).jpeg({ quality: 85 }).toBuffer()),
  /** A colour gradient: a valid PNG with no face in it. */
  noFace: image('image/png', () => gradientPng(160, 120)),
  /** The portrait twice side by side (two faces; the pipeline uses the largest). */
  twoFaces: image('image/jpeg', async () =>
    sharp(await twoFaces(256))
      .jpeg({ quality: 80 })
      .toBuffer(),
  ),
  /** A PNG signature followed by text: passes the magic-bytes check, not the decoder. */
  corrupt: image(
    'image/png',
    () => new Uint8Array([...PNG_SIGNATURE, ...text('not the rest of a PNG, just text')]),
  ),
  /** The first 2 KB of the example PNG. */
  truncated: image('image/png', () => truncated(portraitPng(), 2048 / portraitPng().length)),
  /** 0 bytes. */
  empty: image('image/png', () => new Uint8Array(0)),
  /** One byte over ingest's 25 MiB portrait limit (a PNG signature, then zeros). */
  hugeBytes: huge('image/png', () => padded(new Uint8Array(PNG_SIGNATURE), MEDIA_MAX_BYTES.portrait + 1)),
  /** 30000×30000 declared in a few hundred bytes: a decompression bomb's shape. */
  hugeDimensions: image('image/png', () => pngHeaderOnly(30_000, 30_000)),
  /** A GIF, declared as PNG: a real image in a format that is not accepted. */
  gif: image('image/png', () => sharp(portraitPng()).resize(64, 64).gif().toBuffer()),
  /** A text file, declared as PNG. */
  textFile: image('image/png', () => text('this is not an image, just some text\n')),
} as const satisfies Record<string, Medium<PortraitContentType>>;

const goodSpeech = once(() => writeWav([speechSamples(GOOD_SPEECH_SEC)], { sampleRate: 16_000 }));

export const speech = {
  /** 0.6 s of the example speech, 16 kHz mono 16-bit PCM. */
  good: { contentType: 'audio/wav', bytes: goodSpeech },
  /** 0.6 s of digital silence. */
  silent: sound('audio/wav', () => writeWav([new Float32Array(0.6 * 16_000)], { sampleRate: 16_000 })),
  /** 61 s of an 8-bit 8 kHz tone: over the 60 s limit, ~490 kB. */
  overLong: sound('audio/wav', () => {
    const samples = new Float32Array(61 * 8000);
    for (let i = 0; i < samples.length; i++) samples[i] = 0.2 * Math.sin((2 * Math.PI * 220 * i) / 8000);
    return writeWav([samples], { sampleRate: 8000, bits: 8 });
  }),
  /** The good clip at 8 kHz. */
  rate8k: sound('audio/wav', () =>
    writeWav([atRate(speechSamples(GOOD_SPEECH_SEC), 8000)], { sampleRate: 8000 }),
  ),
  /** The good clip on three channels (the third silent). */
  threeChannels: sound('audio/wav', () => {
    const voice = speechSamples(GOOD_SPEECH_SEC);
    return writeWav([voice, voice, new Float32Array(voice.length)], { sampleRate: 16_000 });
  }),
  /** A well-formed WAV whose data chunk holds no sample. */
  zeroSamples: sound('audio/wav', () => writeWav([new Float32Array(0)], { sampleRate: 16_000 })),
  /** A RIFF/WAVE header cut off inside the fmt chunk (24 bytes). */
  truncatedHeader: sound('audio/wav', async () => (await goodSpeech()).subarray(0, 24)),
  /** RIFF/WAVE with a fmt chunk and then junk where the data chunk should be. */
  corrupt: sound('audio/wav', async () => {
    const good = await goodSpeech();
    const bytes = new Uint8Array(good.length);
    bytes.set(good.subarray(0, 36));
    bytes.set(text('JUNK'.repeat((good.length - 36) / 4)), 36);
    return bytes;
  }),
  /** An ID3 tag, then noise: sniffed as MP3, which ffmpeg cannot decode. */
  corruptMp3: sound('audio/mpeg', () => {
    const bytes = new Uint8Array(4096);
    bytes.set([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0]);
    let state = 12345;
    for (let i = 10; i < bytes.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      bytes[i] = (state >>> 16) & 0xff;
    }
    return bytes;
  }),
  /** 0 bytes. */
  empty: sound('audio/wav', () => new Uint8Array(0)),
  /** One byte over ingest's 100 MiB audio limit (a RIFF/WAVE header, then zeros). */
  hugeBytes: huge('audio/wav', () =>
    padded(text('RIFF\u0000\u0000\u0000\u0000WAVEfmt '), MEDIA_MAX_BYTES.audio + 1),
  ),
  /** A text file, declared as WAV. */
  textFile: sound('audio/wav', () => text('hello, this is a transcript, not a recording\n')),
} as const satisfies Record<string, Medium<AudioContentType>>;

export type PortraitMedium = keyof typeof portraits;
export type SpeechMedium = keyof typeof speech;
