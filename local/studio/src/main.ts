/**
 * The studio page: a client of the public `/v1` API and nothing else.
 *
 *   inputs (portrait, speech, emotion) ──typing, debounced──> POST /v1/think ──> think panel
 *        │                                                       │ AU sliders: a user plan
 *        └──── portrait, plan, segment, intensity ──> POST /v1/preview ──> preview (+ face box)
 *   Generate ──> POST /v1/jobs, presigned uploads, start, poll ──> video, chart, sheet, downloads
 *   History  ──> GET /v1/jobs
 *
 * The API key: `tbd serve` writes the local key into `<meta name="tbd-api-key">`; otherwise the
 * page asks for one (kept in this browser's localStorage).
 */
import { ApiClient, type PreviewRequest } from './api-client.js';
import { byId, debounce } from './dom.js';
import { clearError, showApiError, showError } from './field-errors.js';
import { createGeneratePanel } from './generate-panel.js';
import { createHistoryPanel } from './history-panel.js';
import { createJobResult } from './job-result.js';
import { createPortraitInput } from './portrait-input.js';
import { createPreviewPanel } from './preview-panel.js';
import { createSpeechInput } from './speech-input.js';
import { createThinkPanel } from './think-panel.js';

export const STUDIO_DEFAULTS = {
  /** Quiet time after the last keystroke before /v1/think. @default 350 */
  thinkDebounceMs: 350,
  /** Side of the preview still, px. @default 384 */
  previewSize: 384,
  /** localStorage key of a key typed in by hand. @default 'tbd-api-key' */
  keyStorage: 'tbd-api-key',
} as const;

function initialKey(): string {
  const injected = document.querySelector<HTMLMetaElement>('meta[name="tbd-api-key"]')?.content ?? '';
  if (injected) return injected;
  try {
    return localStorage.getItem(STUDIO_DEFAULTS.keyStorage) ?? '';
  } catch {
    return '';
  }
}

function start(): void {
  const client = new ApiClient(initialKey());
  const keyForm = byId('key-form', HTMLFormElement);
  const keyInput = byId('api-key', HTMLInputElement);
  const emotion = byId('emotion', HTMLTextAreaElement);

  const portrait = createPortraitInput(() => preview.refresh());
  const speech = createSpeechInput(() => clearError('generate'));
  const think = createThinkPanel({
    onPlan: () => preview.refresh(),
    onSegment: () => preview.refresh(),
  });
  const preview = createPreviewPanel({
    client,
    input: (): PreviewRequest | undefined => {
      const current = portrait.current;
      if (!current) return undefined;
      const plan = think.plan;
      return {
        portrait: current.base64,
        ...(plan ? { plan, segment: think.segment } : {}),
        intensity: preview.intensity,
        size: STUDIO_DEFAULTS.previewSize,
      };
    },
    onResult: (result) => {
      portrait.setFaceBox(result.faceBox);
      if (result.faceBox) {
        const b = result.faceBox;
        portrait.setCaption(
          `Face found: ${Math.round(b.width)}×${Math.round(b.height)} px at (${Math.round(b.x)}, ${Math.round(b.y)})` +
            (result.sourceSize ? ` in ${result.sourceSize.width}×${result.sourceSize.height}` : ''),
        );
      }
    },
    onError: () => {
      portrait.setFaceBox(undefined);
      portrait.setCaption('');
    },
  });
  const result = createJobResult();
  const history = createHistoryPanel({ client, onOpen: (jobId) => void generate.follow(jobId) });
  const generate = createGeneratePanel({
    client,
    result,
    inputs: () => ({
      portrait: portrait.current,
      speech: speech.current,
      emotion: emotion.value,
      plan: think.plan,
      planEdited: think.edited,
      intensity: preview.intensity,
    }),
    onFinished: () => void history.refresh(),
  });

  // Think, live.
  let thinking: AbortController | undefined;
  const runThink = debounce(STUDIO_DEFAULTS.thinkDebounceMs, async () => {
    thinking?.abort();
    const text = emotion.value;
    if (!text.trim()) {
      think.clear();
      think.setBusy(false);
      return;
    }
    const controller = new AbortController();
    thinking = controller;
    think.setBusy(true, 'thinking…');
    try {
      const plan = await client.think(text, controller.signal);
      if (controller.signal.aborted) return;
      clearError('emotion');
      think.show(plan);
      think.setBusy(
        false,
        `${plan.segments.length} segment${plan.segments.length > 1 ? 's' : ''} · ${plan.reasoner}`,
      );
    } catch (error) {
      if (controller.signal.aborted) return;
      think.setBusy(false, '');
      showApiError(error, 'emotion');
    }
  });
  emotion.addEventListener('input', () => runThink());

  // The key.
  const connect = async () => {
    try {
      const capabilities = await client.capabilities();
      generate.setCapabilities(capabilities);
      if (!capabilities.preview) showError('preview', 'This server has no POST /v1/preview.');
    } catch (error) {
      showApiError(error, 'generate');
    }
    if (!client.hasKey) {
      keyForm.hidden = false;
      showError('api-key', 'Enter your API key (tbd serve prints it; it is in <data-dir>/api-keys.json).');
      return;
    }
    await history.refresh();
    if (emotion.value.trim()) runThink();
  };
  keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (!key) return;
    client.setKey(key);
    try {
      localStorage.setItem(STUDIO_DEFAULTS.keyStorage, key);
    } catch {
      // private mode: the key lasts for this page
    }
    clearError('api-key');
    void connect();
  });

  void connect();
}

start();
