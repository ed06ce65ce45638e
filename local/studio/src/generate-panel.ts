/**
 * Generate: the options (those this server's API accepts; the others are shown disabled with a
 * note), then POST /v1/jobs -> the two presigned uploads -> POST /v1/jobs/{id}/start -> polling
 * GET /v1/jobs/{id} for the stage -> the result. Every error lands next to its input.
 */
import type { CreateJobRequest, JobView } from '../../../core/contracts/api.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import type { ApiCapabilities, ApiClient } from './api-client.js';
import { byId } from './dom.js';
import { clearError, showApiError, showError, slotFor } from './field-errors.js';
import type { JobResult } from './job-result.js';
import type { Portrait } from './portrait-input.js';
import type { Speech } from './speech-input.js';

export const GENERATE_DEFAULTS = {
  /** Between two status reads. @default 1000 */
  pollMs: 1000,
} as const;

/** The form's options and the job option each one is. */
const OPTION_FIELDS = [
  { id: 'opt-seed', option: 'seed' },
  { id: 'opt-steps', option: 'steps' },
  { id: 'opt-size', option: 'size' },
  { id: 'opt-fps', option: 'fps' },
  { id: 'opt-guidance', option: 'guidance' },
] as const;

export interface GenerateInputs {
  readonly portrait: Portrait | undefined;
  readonly speech: Speech | undefined;
  readonly emotion: string;
  readonly plan: ExpressionPlan | undefined;
  readonly planEdited: boolean;
  readonly intensity: number;
}

export interface GeneratePanel {
  /** Enables the options this API accepts; notes the others. */
  setCapabilities(capabilities: ApiCapabilities): void;
  /** Follows a job that already exists (from the history) until it ends. */
  follow(jobId: string): Promise<void>;
}

export function createGeneratePanel(options: {
  client: ApiClient;
  inputs: () => GenerateInputs;
  result: JobResult;
  onFinished: () => void;
}): GeneratePanel {
  const { client, result } = options;
  const form = byId('generate-form', HTMLFormElement);
  const button = byId('generate', HTMLButtonElement);
  const note = byId('options-note', HTMLElement);
  let capabilities: ApiCapabilities = { preview: true, jobPlan: false, jobOptions: new Set() };
  let running = false;

  const jobOptions = (inputs: GenerateInputs): Record<string, number> => {
    const chosen: Record<string, number> = {};
    for (const { id, option } of OPTION_FIELDS) {
      if (!capabilities.jobOptions.has(option)) continue;
      const element = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
      if (element.value.trim() !== '') chosen[option] = Number(element.value);
    }
    if (capabilities.jobOptions.has('intensity')) chosen.intensity = inputs.intensity;
    return chosen;
  };

  const missing = (inputs: GenerateInputs): boolean => {
    let any = false;
    if (!inputs.portrait) {
      showError('portrait', 'choose a portrait first');
      any = true;
    }
    if (!inputs.speech) {
      showError('speech', 'choose or record the speech first');
      any = true;
    }
    if (!inputs.emotion.trim()) {
      showError('emotion', 'describe the emotion first, e.g. "pleased at first, then quietly hurt"');
      any = true;
    }
    return any;
  };

  const poll = async (jobId: string, plan: ExpressionPlan | undefined): Promise<JobView> => {
    const started = performance.now();
    for (;;) {
      const view = await client.getJob(jobId);
      result.progress(view, (performance.now() - started) / 1000);
      if (view.stage === 'succeeded' || view.stage === 'failed') {
        if (view.stage === 'succeeded') await result.show(view, plan);
        return view;
      }
      await new Promise((resolve) => setTimeout(resolve, GENERATE_DEFAULTS.pollMs));
    }
  };

  const failed = (view: JobView) => {
    if (view.stage !== 'failed' || !view.error) return;
    const slot = slotFor(view.error, 'generate');
    showError(slot, view.error.message);
    if (slot !== 'generate') showError('generate', `The job failed: see ${slot} above.`);
  };

  const run = async () => {
    const inputs = options.inputs();
    clearError('generate', 'portrait', 'speech', 'emotion', 'plan', ...OPTION_FIELDS.map((f) => f.id));
    if (missing(inputs)) return;
    const portrait = inputs.portrait!;
    const speech = inputs.speech!;
    const chosen = jobOptions(inputs);
    const sendPlan = inputs.planEdited && capabilities.jobPlan && inputs.plan;
    const request: CreateJobRequest & { plan?: ExpressionPlan } = {
      emotion: inputs.emotion,
      ...(Object.keys(chosen).length > 0 ? { options: chosen } : {}),
      portrait: { contentType: portrait.contentType as never, size: portrait.file.size },
      audio: { contentType: speech.contentType as never, size: speech.blob.size },
      ...(sendPlan ? { plan: inputs.plan } : {}),
    };
    running = true;
    button.disabled = true;
    result.hide();
    try {
      result.progress({ jobId: '…', stage: 'created', timestamps: {} }, 0);
      const created = await client.createJob(request);
      result.progress({ jobId: created.jobId, stage: 'created', timestamps: {} }, 0);
      await Promise.all([
        client.upload(created.uploads.portrait, portrait.file, 'portrait'),
        client.upload(created.uploads.audio, speech.blob, 'audio'),
      ]);
      await client.startJob(created.jobId);
      failed(await poll(created.jobId, sendPlan ? inputs.plan : undefined));
    } catch (error) {
      showApiError(error, 'generate');
    } finally {
      running = false;
      button.disabled = false;
      options.onFinished();
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!running) void run();
  });

  return {
    setCapabilities(next) {
      capabilities = next;
      const unsupported: string[] = [];
      for (const { id, option } of OPTION_FIELDS) {
        const element = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
        element.disabled = !next.jobOptions.has(option);
        if (element.disabled) unsupported.push(option);
      }
      if (!next.jobOptions.has('intensity')) unsupported.push('intensity (the preview uses it)');
      const notes: string[] = [];
      if (unsupported.length > 0)
        notes.push(`This server's API does not take ${unsupported.join(', ')} yet.`);
      if (!next.jobPlan)
        notes.push('Edited action units are not sent: the video follows the reasoner’s plan for the text.');
      note.textContent = notes.join(' ');
    },
    async follow(jobId) {
      if (running) return;
      running = true;
      result.hide();
      clearError('generate');
      try {
        failed(await poll(jobId, undefined));
      } catch (error) {
        showApiError(error, 'generate');
      } finally {
        running = false;
      }
    },
  };
}
