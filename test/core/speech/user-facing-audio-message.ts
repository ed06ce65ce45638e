/**
 * What every audio refusal must read like to the person who sent the file: one line naming the
 * file, saying what is wrong in the words the test gives, listing what is accepted, and holding
 * nothing of a decoder's insides (ffmpeg's `pipe:0:` or `[mp3 @ 0x55d0...]`, hex addresses, temp
 * paths, stack lines).
 */
import { expect } from 'vitest';

const ACCEPTED =
  /\. Accepted: a complete WAV, MP3, M4A\/AAC, OGG \(Opus or Vorbis\), FLAC, WebM or AIFF audio file/;

export function expectUserFacingAudioMessage(message: string, fileName: string, says: RegExp): void {
  expect(message).toContain(`audio "${fileName}" is `);
  expect(message).toMatch(says);
  expect(message).toMatch(ACCEPTED);
  expect(message).not.toContain('\n');
  expect(message).not.toContain('pipe:');
  expect(message).not.toMatch(/0x[0-9a-f]+/i);
  expect(message).not.toMatch(/\[[^\]]* @ /);
  expect(message).not.toMatch(/(^|\s)at \S+ \(|\bat \S+:\d+:\d+/);
  expect(message).not.toMatch(/\/tmp\/|tbd-audio-|\.(?:ts|js|mjs|cjs):\d+/);
  expect(message).not.toMatch(/ffmpeg|exited with code/i);
}
