/**
 * API errors next to the input they concern, in the API's words. Every input has an error slot
 * (`<p class="field-error" id="<slot>-error" role="alert">`) that its `aria-describedby` names;
 * showing an error fills the slot and marks the input `aria-invalid`.
 *
 * Which slot: the error's `field` ("portrait.size" -> portrait, "options.fps" -> opt-fps,
 * "plan.segments.0..." -> plan), else its name (NoFaceError -> portrait, CorruptAudioError ->
 * speech), else the slot of the action that failed.
 */
import { StudioApiError } from './api-client.js';

export type Slot =
  | 'api-key'
  | 'portrait'
  | 'speech'
  | 'emotion'
  | 'plan'
  | 'preview'
  | 'opt-seed'
  | 'opt-steps'
  | 'opt-size'
  | 'opt-fps'
  | 'opt-guidance'
  | 'generate'
  | 'history';

const INPUT_OF: Partial<Record<Slot, string>> = {
  'api-key': 'api-key',
  portrait: 'portrait-file',
  speech: 'speech-file',
  emotion: 'emotion',
  'opt-seed': 'opt-seed',
  'opt-steps': 'opt-steps',
  'opt-size': 'opt-size',
  'opt-fps': 'opt-fps',
  'opt-guidance': 'opt-guidance',
};

const NAME_SLOTS: readonly [RegExp, Slot][] = [
  [/^(NoFace|FaceTooSmall|FaceIndex|CorruptImage|UnsupportedImage|ImageTooLarge|Portrait)Error$/, 'portrait'],
  [/^(Audio|AudioDecoder|AudioTooLong|CorruptAudio|EmptyAudio|UnsupportedAudio)Error$/, 'speech'],
  [/^EmotionTextError$/, 'emotion'],
  [/^(PlanValidation|UnknownActionUnit|PreviewSegment)Error$/, 'plan'],
  [/^(MissingApiKey|InvalidApiKey)Error$/, 'api-key'],
];

/** The slot for an API error's `field` or `name`; `fallback` when neither says. */
export function slotFor(error: { field?: string | undefined; name: string }, fallback: Slot): Slot {
  const field = error.field ?? '';
  const head = field.split('.')[0];
  if (head === 'portrait') return 'portrait';
  if (head === 'audio') return 'speech';
  if (head === 'emotion') return 'emotion';
  if (head === 'plan' || head === 'segment') return 'plan';
  if (head === 'options') {
    const option = `opt-${field.split('.')[1] ?? ''}` as Slot;
    return option in INPUT_OF ? option : fallback;
  }
  for (const [pattern, slot] of NAME_SLOTS) if (pattern.test(error.name)) return slot;
  return fallback;
}

function slotElement(slot: Slot): HTMLElement | null {
  return document.getElementById(`${slot}-error`);
}

export function showError(slot: Slot, message: string): void {
  const element = slotElement(slot);
  if (element) element.textContent = message;
  const input = INPUT_OF[slot] ? document.getElementById(INPUT_OF[slot]) : null;
  input?.setAttribute('aria-invalid', 'true');
  if (slot === 'api-key') {
    const form = document.getElementById('key-form');
    if (form) form.hidden = false;
  }
}

export function clearError(...slots: Slot[]): void {
  for (const slot of slots) {
    const element = slotElement(slot);
    if (element) element.textContent = '';
    const input = INPUT_OF[slot] ? document.getElementById(INPUT_OF[slot]) : null;
    input?.removeAttribute('aria-invalid');
  }
}

/** Shows any error where it belongs; a non-API error (network) goes to `fallback`. */
export function showApiError(error: unknown, fallback: Slot): Slot {
  if (error instanceof StudioApiError) {
    const slot = slotFor(error, fallback);
    showError(slot, error.message);
    return slot;
  }
  if (error instanceof DOMException && error.name === 'AbortError') return fallback;
  showError(fallback, `The server could not be reached: ${(error as Error).message ?? String(error)}`);
  return fallback;
}
