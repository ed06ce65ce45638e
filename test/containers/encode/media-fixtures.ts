/** Generated media for the encode tests: a 16-bit PCM WAV tone and synthetic RGB frames. */

/** A mono 16-bit PCM WAV of `seconds` of a 440 Hz tone. */
export function toneWav(seconds: number, sampleRate = 16_000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), 44 + 2 * i);
  }
  return wav;
}

/** Frame `index` of a moving colour gradient, width×height rgb24. */
export function gradientFrame(width: number, height: number, index: number, into?: Uint8Array): Uint8Array {
  const frame = into ?? new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      frame[i] = (x + 4 * index) & 255;
      frame[i + 1] = (y * 255) / height;
      frame[i + 2] = (128 + 3 * index) & 255;
    }
  }
  return frame;
}
