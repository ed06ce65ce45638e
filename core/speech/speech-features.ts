/**
 * Speech features at the video frame rate: what the Draw stage needs from the audio.
 * Produced by `extractSpeechFeatures` (core/speech), consumed by the motion conditions.
 */
import type { ArticulationChannel } from '../motion/channels.js';

export interface SpeechFeatures {
  /** Video frames per second the features are sampled at. */
  readonly fps: number;
  /** Number of video frames: ceil(durationSec * fps). */
  readonly frames: number;
  /** Duration of the decoded audio in seconds. */
  readonly durationSec: number;
  /**
   * RMS envelope per frame (time-domain, over the frame's own samples), normalised so loud speech
   * frames are ~1: the 95th percentile of the voiced frames is 1 (louder ones exceed it). >= 0.
   */
  readonly rms: Float32Array;
  /** 1 where the frame is speech, 0 where it is silence. */
  readonly voiced: Uint8Array;
  /** Articulation targets per frame, each 0..1. Silence -> jawOpen 0 and lipClose 1. */
  readonly articulation: Readonly<Record<ArticulationChannel, Float32Array>>;
  /** Non-fatal findings, e.g. "the audio is silent". */
  readonly warnings: readonly string[];
}
