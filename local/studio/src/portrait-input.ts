/**
 * The portrait: drag and drop onto the zone or the file picker; shown with the detected face box
 * (the box comes from the server's face analysis, in the image's own pixels).
 */
import { toBase64 } from './api-client.js';
import { byId, formatBytes } from './dom.js';
import { clearError, showError } from './field-errors.js';

export const PORTRAIT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

export interface Portrait {
  readonly file: File;
  readonly contentType: string;
  readonly base64: string;
  readonly url: string;
}

export interface PortraitInput {
  readonly current: Portrait | undefined;
  /** Draws the face box (source pixels) over the portrait; undefined hides it. */
  setFaceBox(box: { x: number; y: number; width: number; height: number } | undefined): void;
  setCaption(text: string): void;
}

export function createPortraitInput(onChange: (portrait: Portrait) => void): PortraitInput {
  const zone = byId('portrait-drop', HTMLDivElement);
  const input = byId('portrait-file', HTMLInputElement);
  const img = byId('portrait-img', HTMLImageElement);
  const box = byId('face-box', HTMLDivElement);
  const caption = byId('portrait-caption', HTMLElement);
  let current: Portrait | undefined;
  let faceBox: { x: number; y: number; width: number; height: number } | undefined;

  const placeBox = () => {
    if (!faceBox || !img.naturalWidth || img.hidden) {
      box.hidden = true;
      return;
    }
    const sx = img.clientWidth / img.naturalWidth;
    const sy = img.clientHeight / img.naturalHeight;
    box.style.left = `${img.offsetLeft + faceBox.x * sx}px`;
    box.style.top = `${img.offsetTop + faceBox.y * sy}px`;
    box.style.width = `${faceBox.width * sx}px`;
    box.style.height = `${faceBox.height * sy}px`;
    box.hidden = false;
  };

  const take = async (file: File | undefined, dropped = false) => {
    if (!file) return;
    // A dropped file replaces whatever the picker still names.
    if (dropped) input.value = '';
    clearError('portrait');
    if (!(PORTRAIT_TYPES as readonly string[]).includes(file.type)) {
      showError(
        'portrait',
        `${file.name} is ${file.type || 'of an unknown type'}; use a PNG, JPEG or WebP image`,
      );
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (current) URL.revokeObjectURL(current.url);
    current = { file, contentType: file.type, base64: toBase64(bytes), url: URL.createObjectURL(file) };
    faceBox = undefined;
    box.hidden = true;
    img.src = current.url;
    img.alt = `Portrait: ${file.name}`;
    img.hidden = false;
    zone.dataset.empty = 'false';
    caption.textContent = `${file.name}, ${formatBytes(file.size)}: looking for the face…`;
    onChange(current);
  };

  input.addEventListener('change', () => void take(input.files?.[0]));
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    void take(event.dataTransfer?.files[0], true);
  });
  img.addEventListener('load', placeBox);
  new ResizeObserver(placeBox).observe(img);

  return {
    get current() {
      return current;
    },
    setFaceBox(next) {
      faceBox = next;
      placeBox();
    },
    setCaption(text) {
      caption.textContent = text;
    },
  };
}
