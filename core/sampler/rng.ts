/**
 * A seeded pseudo-random number generator: never `Math.random`.
 *
 * Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * 2018), 128-bit state, 32-bit outputs, period 2^128 - 1. Seeding: the seed (an integer in
 * [0, 2^53)) and an optional stream id are expanded by splitmix64 (Steele, Lea & Flood 2014) into
 * the four state words, as the xoshiro authors recommend, so nearby seeds give unrelated streams.
 * Normals: the Box–Muller transform with the second value of each pair cached.
 */
import { SamplerError } from './sampler-error.js';

export interface Rng {
  /** The seed the generator was created with. */
  readonly seed: number;
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** A standard normal N(0, 1) draw. */
  normal(): number;
  /** Fills `out` with standard normal draws and returns it. */
  fillNormal(out: Float32Array): Float32Array;
}

const MASK64 = (1n << 64n) - 1n;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_PI = 2 * Math.PI;

/** splitmix64: one step, returning [next state, output]. */
function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

/** 32-bit rotate left, as int32. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

class Xoshiro128StarStar implements Rng {
  /** s0..s3, as int32 so V8 keeps them unboxed. */
  private readonly s = new Int32Array(4);
  private spare = 0;
  private hasSpare = false;

  constructor(
    readonly seed: number,
    stream: number,
    state?: readonly [number, number, number, number],
  ) {
    if (state) {
      this.s.set(state.map((w) => w | 0));
      return;
    }
    let mixed = BigInt(seed) ^ ((BigInt(stream) * 0xd1342543de82ef95n) & MASK64);
    for (let i = 0; i < 2; i++) {
      const [next, out] = splitmix64(mixed);
      mixed = next;
      this.s[2 * i] = Number(out & 0xffffffffn) | 0;
      this.s[2 * i + 1] = Number(out >> 32n) | 0;
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1; // all-zero is a fixed point
  }

  nextUint32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return result;
  }

  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /**
   * Box–Muller: z0 = r cos(2πu2), z1 = r sin(2πu2), r = sqrt(-2 ln u1), u1 in (0, 1].
   * z1 is cached for the next call.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.next();
    const theta = TWO_PI * this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }

  /** Same values as calling `normal()` out.length times. */
  fillNormal(out: Float32Array): Float32Array {
    let i = 0;
    if (this.hasSpare && out.length > 0) out[i++] = this.normal();
    for (; i + 1 < out.length; i += 2) {
      const u1 = 1 - this.next();
      const theta = TWO_PI * this.next();
      const r = Math.sqrt(-2 * Math.log(u1));
      out[i] = r * Math.cos(theta);
      out[i + 1] = r * Math.sin(theta);
    }
    if (i < out.length) out[i] = this.normal();
    return out;
  }
}

/**
 * Creates a seeded generator. The same (seed, stream) always yields the same sequence; use
 * distinct `stream` ids for independent purposes (sampling noise, blink schedule) under one seed.
 *
 * @param seed integer in [0, 2^53)
 * @param stream integer in [0, 2^32), default 0
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new SamplerError(`seed must be an integer in [0, 2^53), got ${seed}`);
  }
  if (!Number.isInteger(stream) || stream < 0 || stream >= TWO_POW_32) {
    throw new SamplerError(`stream must be an integer in [0, 2^32), got ${stream}`);
  }
  return new Xoshiro128StarStar(seed, stream);
}

/**
 * A generator started from raw xoshiro128** state words (not all zero), for reference vectors and
 * for resuming a recorded stream. `seed` reports -1.
 */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  if (state.every((w) => w >>> 0 === 0)) throw new SamplerError('xoshiro128** state must not be all zero');
  return new Xoshiro128StarStar(-1, 0, state);
}
