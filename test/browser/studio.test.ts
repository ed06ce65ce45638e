/**
 * Issue 10's "done when": the web studio in a real Chromium against the whole local stack
 * (`tbd serve`'s composition, in-process on free ports): upload the example portrait and speech,
 * type an emotion, see the chain of thought and the AU table, move a slider with the keyboard and
 * see the preview change, generate, and play a video whose duration is the speech's. Each step
 * leaves a screenshot in test-results/studio/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountApi } from '../../local/api/mount-api.js';
import { type LocalStack, type LocalStackServices, startLocalStack } from '../../local/stack/local-stack.js';
import { createStackLog } from '../../local/stack/stack-log.js';
import { mountStudio } from '../../local/studio/serve-studio.js';
import { heldDraw } from '../helpers/held-draw.js';
import { findChromium, launchChromium } from './chromium.js';

/**
 * The page's globals, as far as the callbacks run in the page touch them: the root tsconfig has
 * no DOM lib (the studio's own sources have theirs, local/studio/tsconfig.json).
 */
interface PageElement {
  readonly id: string;
  readonly outerHTML: string;
  readonly textContent: string | null;
  readonly labels?: { readonly length: number } | null;
  readonly dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}
interface PageImage extends PageElement {
  readonly src: string;
  decode(): Promise<void>;
}
interface PageVideo extends PageElement {
  readonly readyState: number;
  readonly duration: number;
  readonly currentTime: number;
  readonly error: { readonly code: number } | null;
  muted: boolean;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: string, listener: () => void, options?: { once: boolean }): void;
}
declare const document: {
  querySelector<T extends PageElement = PageElement>(selector: string): T | null;
  querySelectorAll<T extends PageElement = PageElement>(selector: string): ArrayLike<T> & Iterable<T>;
};
declare const window: { scrollTo(x: number, y: number): void };
declare const DataTransfer: new () => { items: { add(file: unknown): void } };
declare const File: new (parts: unknown[], name: string, options: { type: string }) => unknown;

const chromiumPath = await findChromium();
if (!chromiumPath)
  console.warn(
    `test:browser skipped: no Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} ` +
      '(apt-get install chromium, or set CHROMIUM_PATH to a Chromium binary)',
  );

/** Duration of examples/speech-surprise-16k.wav (63 637 samples at 16 kHz). */
const SPEECH_SEC = 3.9773125;
const SHOTS = 'test-results/studio';
const EMOTION = 'happily surprised, then a little embarrassed';

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;
const logLines: string[] = [];
/** The one video of the suite stays in its motion stage until the progress test has seen it. */
const held = heldDraw(4);

async function shot(name: string): Promise<void> {
  // From the top: the sticky preview panel is then where it belongs in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The bytes of the preview image now shown (read back from its blob: URL in the page). */
async function previewBytes(): Promise<string> {
  return page.evaluate(async () => {
    const img = document.querySelector<PageImage>('#preview-img')!;
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  });
}

/** Waits until the preview count passes `after` and no preview request is in flight. */
async function previewSettled(after: number): Promise<number> {
  await page.waitForFunction(
    (n) => {
      const img = document.querySelector<PageImage>('#preview-img');
      return Number(img?.dataset.previews ?? 0) > n && !img?.hasAttribute('aria-busy');
    },
    after,
    { timeout: 30_000 },
  );
  // A request sent while the last one was in flight starts when it returns: let it finish too.
  await page.waitForTimeout(300);
  await page.waitForFunction(() => !document.querySelector('#preview-img')?.hasAttribute('aria-busy'));
  return Number(await page.locator('#preview-img').getAttribute('data-previews'));
}

describe.skipIf(!chromiumPath)('the web studio in Chromium', () => {
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'tbd-studio-'));
    stack = await startLocalStack({
      dataDir,
      s3Port: 0,
      apiPort: 0,
      samplerPort: 0,
      log: createStackLog({ level: 'warn', write: (line) => logLines.push(line) }),
      sampler: { runDraw: held.runDraw, config: { progressIntervalMs: 100 } },
      // What tbd serve mounts: the API at /v1, the studio at /.
      api: async (services: LocalStackServices) => {
        await mountApi(services);
        await mountStudio(services);
      },
    });
    browser = await launchChromium(chromiumPath!);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (error) => logLines.push(`pageerror: ${error.message}`));
  });

  afterAll(async () => {
    held.release();
    await browser?.close();
    await stack?.stop({ graceMs: 0 });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (logLines.length > 0) console.log(logLines.join('\n'));
  });

  it('opens with the local key and every control labelled', async () => {
    // Act
    const response = await page.goto(stack.apiUrl);

    // Assess
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const key = await page.locator('meta[name="tbd-api-key"]').getAttribute('content');
    expect(key).toMatch(/^tbd_/);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent?.trim()))
        .map((el) => el.id || el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await expect.poll(() => page.locator('#history li').count()).toBeGreaterThan(0);
    await shot('01-opened');
  });

  it('shows the API error next to the portrait for an image without a face', async () => {
    // Prepare
    const blank = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#9ab' } })
      .png()
      .toBuffer();

    // Act
    await page.setInputFiles('#portrait-file', { name: 'blank.png', mimeType: 'image/png', buffer: blank });

    // Assess
    await expect.poll(() => page.locator('#portrait-error').textContent()).toMatch(/no face found/);
    expect(await page.locator('#portrait-file').getAttribute('aria-invalid')).toBe('true');
    await shot('02-portrait-error');
  });

  it('takes the example portrait dropped on the zone and shows the detected face box', async () => {
    // Prepare: a drag carrying the file, as the browser builds it for a drop from the desktop.
    const base64 = (await readFile('examples/portrait-astronaut.png')).toString('base64');
    const dataTransfer = await page.evaluateHandle((data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'portrait-astronaut.png', { type: 'image/png' }));
      return transfer;
    }, base64);

    // Act
    await page.dispatchEvent('#portrait-drop', 'dragover', { dataTransfer });
    await page.dispatchEvent('#portrait-drop', 'drop', { dataTransfer });

    // Assess
    await page.locator('#face-box').waitFor({ state: 'visible' });
    expect(await page.locator('#portrait-error').textContent()).toBe('');
    expect(await page.locator('#portrait-caption').textContent()).toMatch(/Face found/);
    await shot('03-portrait');
  });

  it('takes the example speech and draws its waveform', async () => {
    // Act
    await page.setInputFiles('#speech-file', 'examples/speech-surprise-16k.wav');

    // Assess
    await expect
      .poll(async () => Number(await page.locator('#waveform').getAttribute('data-duration')))
      .toBeCloseTo(SPEECH_SEC, 2);
    await shot('04-speech');
  });

  it('records speech from the microphone (a fake one) and draws its waveform', async () => {
    // Prepare: another browser, with Chromium's fake microphone (a tone) allowed without a prompt.
    const recording = await launchChromium(chromiumPath!, [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ]);
    try {
      const other = await recording.newPage();
      await other.goto(stack.apiUrl);

      // Act: from the keyboard, as a user without a mouse would.
      await other.locator('#record').focus();
      await other.keyboard.press('Enter');
      await expect.poll(() => other.locator('#record').getAttribute('aria-pressed')).toBe('true');
      await other.waitForTimeout(1500);
      await other.keyboard.press('Enter');

      // Assess
      await expect
        .poll(async () => Number(await other.locator('#waveform').getAttribute('data-duration')))
        .toBeGreaterThan(1);
      expect(await other.locator('#waveform').getAttribute('aria-label')).toMatch(/^Waveform of recording\./);
      expect(await other.locator('#speech-error').textContent()).toBe('');
      await other.screenshot({ path: join(SHOTS, '04b-recorded.png') });
    } finally {
      await recording.close();
    }
  });

  it('thinks as the emotion is typed: the chain of thought and the AU table appear', async () => {
    // Act
    await page.locator('#emotion').pressSequentially(EMOTION, { delay: 15 });

    // Assess
    await expect.poll(() => page.locator('#chain li').count(), { timeout: 15_000 }).toBeGreaterThan(2);
    await expect.poll(() => page.locator('#au-rows input[type="range"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#timeline .segment').count()).toBe(2);
    await previewSettled(0);
    expect(await page.locator('#preview-caption').textContent()).toMatch(/segment/);
    await shot('05-think');
  });

  it('moving an AU slider with the keyboard changes the preview', async () => {
    // Prepare
    const before = await previewBytes();
    const shown = Number(await page.locator('#preview-img').getAttribute('data-previews'));
    const slider = page.locator('#au-rows input[type="range"]').first();
    const value = Number(await slider.inputValue());

    // Act: down to 0 from the keyboard (Home), as a user without a mouse would.
    await slider.focus();
    await page.keyboard.press(value > 0.2 ? 'Home' : 'End');
    await previewSettled(shown);

    // Assess
    expect(Number(await slider.inputValue())).not.toBe(value);
    expect(await page.locator('#plan-edited').isVisible()).toBe(true);
    expect(await previewBytes()).not.toBe(before);
    await shot('06-slider');
  });

  it('generates: progress, then a playable video as long as the speech, the chart and the links', async () => {
    // Prepare
    await page.selectOption('#opt-size', '256');

    // Act
    await page.locator('#generate').click();

    // Assess
    await page.locator('#progress').waitFor({ state: 'visible' });
    await page.waitForFunction(
      () => document.querySelector('#progress')?.getAttribute('data-stage') !== 'created',
    );
    // The draw is held in its motion stage: the page shows the step and a determinate bar
    await page.waitForFunction(
      () =>
        /sampling the motion: step \d+ of \d+/.test(
          document.querySelector('#progress-text')?.textContent ?? '',
        ),
      undefined,
      { timeout: 60_000, polling: 200 },
    );
    const bar = page.locator('#progress-bar');
    expect(await bar.isVisible()).toBe(true);
    expect(Number(await bar.getAttribute('data-fraction'))).toBeGreaterThan(0);
    await shot('07-progress');
    held.release();
    await page.waitForFunction(
      () => {
        const stage = document.querySelector('#progress')?.getAttribute('data-stage');
        return stage === 'succeeded' || stage === 'failed';
      },
      undefined,
      { timeout: 180_000, polling: 500 },
    );
    expect(await page.locator('#generate-error').textContent()).toBe('');
    const video = await page.evaluate(async () => {
      const v = document.querySelector<PageVideo>('#video')!;
      if (v.readyState < 1)
        await new Promise<void>((resolve, reject) => {
          v.addEventListener('loadedmetadata', () => resolve(), { once: true });
          v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)), {
            once: true,
          });
        });
      v.muted = true;
      await v.play();
      await new Promise((resolve) => setTimeout(resolve, 500));
      v.pause();
      return { duration: v.duration, currentTime: v.currentTime, error: v.error?.code ?? null };
    });
    expect(video.error).toBeNull();
    expect(video.currentTime).toBeGreaterThan(0);
    expect(Math.abs(video.duration - SPEECH_SEC)).toBeLessThan(0.1);
    expect(await page.locator('#downloads a').count()).toBe(3);
    expect(await page.locator('#au-legend li').count()).toBeGreaterThan(0);
    await page.locator('#contact-sheet').evaluate((img) => (img as unknown as PageImage).decode());
    await shot('08-result');

    // The history lists the job.
    await expect.poll(() => page.locator('#history li[data-stage="succeeded"]').count()).toBe(1);
  });
});
