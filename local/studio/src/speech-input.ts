/**
 * The speech: a file, or recorded in the browser (MediaRecorder), decoded with Web Audio for its
 * waveform (min/max per canvas column) and duration.
 */
import { byId, formatSeconds } from './dom.js';
import { clearError, showError } from './field-errors.js';

export interface Speech {
  readonly blob: Blob;
  readonly name: string;
  /** The media type the job declares (parameters such as `;codecs=opus` dropped). */
  readonly contentType: string;
  readonly durationSec: number;
}

export interface SpeechInput {
  readonly current: Speech | undefined;
}

/** Media types by extension, for files the browser gives no type. */
const TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  webm: 'audio/webm',
  aiff: 'audio/aiff',
  aif: 'audio/aiff',
};

const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'] as const;

function contentTypeOf(blob: Blob, name: string): string {
  const type = blob.type.split(';')[0]?.trim() ?? '';
  if (type) return type;
  return TYPE_BY_EXTENSION[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

async function decode(blob: Blob): Promise<AudioBuffer> {
  // An OfflineAudioContext decodes without a user gesture and without an output device.
  const context = new OfflineAudioContext(1, 1, 16_000);
  return context.decodeAudioData(await blob.arrayBuffer());
}

export function drawWaveform(canvas: HTMLCanvasElement, buffer: AudioBuffer | undefined): void {
  const scale = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * scale));
  const height = Math.max(1, Math.round(canvas.clientHeight * scale));
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) return;
  const style = getComputedStyle(canvas);
  g.clearRect(0, 0, width, height);
  g.fillStyle = style.getPropertyValue('--wave-axis') || '#ccc';
  g.fillRect(0, Math.floor(height / 2), width, Math.max(1, Math.round(scale)));
  if (!buffer) return;
  const data = buffer.getChannelData(0);
  const per = data.length / width;
  g.fillStyle = style.getPropertyValue('--wave') || '#36c';
  for (let x = 0; x < width; x++) {
    let lo = 1;
    let hi = -1;
    const end = Math.min(data.length, Math.floor((x + 1) * per));
    for (let i = Math.floor(x * per); i < end; i++) {
      const v = data[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi < lo) continue;
    const y0 = ((1 - hi) / 2) * height;
    const y1 = ((1 - lo) / 2) * height;
    g.fillRect(x, y0, 1, Math.max(1, y1 - y0));
  }
}

export function createSpeechInput(onChange: (speech: Speech) => void): SpeechInput {
  const input = byId('speech-file', HTMLInputElement);
  const record = byId('record', HTMLButtonElement);
  const canvas = byId('waveform', HTMLCanvasElement);
  const player = byId('speech-player', HTMLAudioElement);
  let current: Speech | undefined;
  let buffer: AudioBuffer | undefined;
  let recorder: MediaRecorder | undefined;

  const take = async (blob: Blob, name: string) => {
    clearError('speech');
    let decoded: AudioBuffer;
    try {
      decoded = await decode(blob);
    } catch {
      // The server's decoder reads more formats than some browsers (AIFF, ...): keep the file.
      decoded = new AudioBuffer({ length: 1, sampleRate: 16_000 });
      showError(
        'speech',
        `${name}: this browser cannot decode it to draw its waveform; the server may still`,
      );
    }
    buffer = decoded;
    current = {
      blob,
      name,
      contentType: contentTypeOf(blob, name),
      durationSec: decoded.length > 1 ? decoded.duration : 0,
    };
    if (player.src) URL.revokeObjectURL(player.src);
    player.src = URL.createObjectURL(blob);
    player.hidden = false;
    drawWaveform(canvas, decoded.length > 1 ? decoded : undefined);
    canvas.setAttribute(
      'aria-label',
      `Waveform of ${name}${current.durationSec ? `, ${formatSeconds(current.durationSec)}` : ''}`,
    );
    canvas.dataset.duration = String(current.durationSec);
    onChange(current);
  };

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void take(file, file.name);
  });

  record.addEventListener('click', async () => {
    if (recorder && recorder.state === 'recording') {
      recorder.stop();
      return;
    }
    clearError('speech');
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      showError('speech', 'this browser cannot record audio here (recording needs a secure context)');
      return;
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      showError('speech', `no microphone: ${(error as Error).message}`);
      return;
    }
    const mimeType = RECORDING_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    const chunks: Blob[] = [];
    recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
    recorder.addEventListener('stop', () => {
      for (const track of stream.getTracks()) track.stop();
      record.textContent = '● Record';
      record.setAttribute('aria-pressed', 'false');
      const blob = new Blob(chunks, { type: recorder?.mimeType || mimeType || 'audio/webm' });
      const extension = blob.type.includes('ogg') ? 'ogg' : blob.type.includes('mp4') ? 'm4a' : 'webm';
      void take(blob, `recording.${extension}`);
    });
    recorder.start();
    record.textContent = '■ Stop recording';
    record.setAttribute('aria-pressed', 'true');
  });

  new ResizeObserver(() => drawWaveform(canvas, buffer)).observe(canvas);
  drawWaveform(canvas, undefined);

  return {
    get current() {
      return current;
    },
  };
}
