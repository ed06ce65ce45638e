/**
 * The expression preview: `POST /v1/preview` renders one still of the portrait at the plan's apex
 * (or the selected segment). It follows the sliders without queueing: one request in flight at a
 * time, and when it returns only the latest wanted state is sent (intermediate ones are skipped).
 */
import type { ApiClient, PreviewRequest, PreviewResult } from './api-client.js';
import { byId } from './dom.js';
import { clearError, showApiError } from './field-errors.js';

export interface PreviewPanel {
  /** Asks for a preview of the current state (coalesced). */
  refresh(): void;
  readonly intensity: number;
}

export interface PreviewPanelOptions {
  readonly client: ApiClient;
  /** The request for the current state; undefined: nothing to preview yet. */
  readonly input: () => PreviewRequest | undefined;
  /** Every answer (the face box comes with it). */
  readonly onResult: (result: PreviewResult) => void;
  /** A failed preview (already shown next to its input). */
  readonly onError: () => void;
}

export function createPreviewPanel(options: PreviewPanelOptions): PreviewPanel {
  const img = byId('preview-img', HTMLImageElement);
  const caption = byId('preview-caption', HTMLElement);
  const intensity = byId('intensity', HTMLInputElement);
  const intensityValue = byId('intensity-value', HTMLOutputElement);
  let inFlight = false;
  let wanted = false;
  let shown = 0;

  const send = async () => {
    const request = options.input();
    wanted = false;
    if (!request) return;
    inFlight = true;
    img.setAttribute('aria-busy', 'true');
    const started = performance.now();
    try {
      const result = await options.client.preview(request);
      const url = URL.createObjectURL(result.image);
      const previous = img.src;
      await new Promise<void>((resolve) => {
        img.onload = () => resolve();
        img.onerror = () => resolve();
        img.src = url;
      });
      if (previous.startsWith('blob:')) URL.revokeObjectURL(previous);
      img.hidden = false;
      const what = request.plan
        ? `segment ${result.segment + 1} of ${request.plan.segments.length}, intensity ${(request.intensity ?? 1).toFixed(2)}`
        : 'neutral';
      img.alt = `Expression preview: ${what}`;
      caption.textContent =
        `${what} · ${Math.round(performance.now() - started)} ms ` +
        `(server ${Math.round(result.serverMs)} ms${result.cache === 'hit' ? ', portrait cached' : ''})`;
      shown++;
      img.dataset.previews = String(shown);
      clearError('preview');
      options.onResult(result);
    } catch (error) {
      showApiError(error, 'preview');
      options.onError();
    } finally {
      inFlight = false;
      img.removeAttribute('aria-busy');
      if (wanted) void send();
    }
  };

  intensity.addEventListener('input', () => {
    intensityValue.textContent = Number(intensity.value).toFixed(2);
    refresh();
  });

  function refresh() {
    wanted = true;
    if (!inFlight) void send();
  }

  return {
    refresh,
    get intensity() {
      return Number(intensity.value);
    },
  };
}
