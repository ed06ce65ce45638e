/**
 * A job, shown: the stages as it moves through them (from GET /v1/jobs/{id}) and, while it draws,
 * how far (its `progress`: "rendering frame 120 of 250" over a progress bar); then the video
 * player, the AU-curve chart, the contact sheet and the download links.
 */
import type { ApiJobStage, JobView } from '../../../core/contracts/api.js';
import type { ExpressionPlan } from '../../../core/plan/expression-plan.js';
import { drawAuChart } from './au-chart.js';
import { byId, fill, formatSeconds, h } from './dom.js';
import { progressFraction, progressText } from './progress-text.js';

const STAGES: readonly ApiJobStage[] = [
  'created',
  'queued',
  'thinking',
  'drawing',
  'publishing',
  'succeeded',
];

const STAGE_TEXT: Readonly<Record<ApiJobStage, string>> = {
  created: 'uploading the portrait and the speech',
  queued: 'waiting for the pipeline',
  thinking: 'thinking: emotion -> expression plan',
  drawing: 'drawing: sampling the motion, rendering and encoding the frames',
  publishing: 'publishing the video',
  succeeded: 'done',
  failed: 'failed',
};

export interface JobResult {
  /** The progress of a job (the stage list, a sentence and, while drawing, a progress bar). */
  progress(view: Pick<JobView, 'jobId' | 'stage' | 'timestamps' | 'progress'>, elapsedSec: number): void;
  /** A succeeded job; `plan` when the page has it already (else the job's plan.json is fetched). */
  show(view: JobView, plan?: ExpressionPlan): Promise<void>;
  hide(): void;
}

export function createJobResult(): JobResult {
  const progress = byId('progress', HTMLDivElement);
  const stages = byId('stages', HTMLOListElement);
  const text = byId('progress-text', HTMLElement);
  const bar = byId('progress-bar', HTMLProgressElement);
  const result = byId('result', HTMLDivElement);
  const video = byId('video', HTMLVideoElement);
  const meta = byId('video-meta', HTMLElement);
  const chart = byId('au-chart', HTMLCanvasElement);
  const legend = byId('au-legend', HTMLUListElement);
  const sheet = byId('contact-sheet', HTMLImageElement);
  const downloads = byId('downloads', HTMLUListElement);

  /** Determinate with a fraction, indeterminate without one (drawing, nothing reported yet). */
  const showBar = (visible: boolean, fraction: number | undefined): void => {
    bar.hidden = !visible;
    if (fraction === undefined) {
      bar.removeAttribute('value');
      delete bar.dataset.fraction;
      return;
    }
    bar.max = 1;
    bar.value = fraction;
    bar.dataset.fraction = fraction.toFixed(3);
  };

  return {
    progress(view, elapsedSec) {
      progress.hidden = false;
      const at = STAGES.indexOf(view.stage);
      fill(
        stages,
        ...STAGES.map((stage, i) =>
          h(
            'li',
            {
              class:
                view.stage === 'failed'
                  ? i <= at
                    ? 'done'
                    : ''
                  : i < at
                    ? 'done'
                    : i === at
                      ? 'current'
                      : '',
              'aria-current': i === at ? 'step' : false,
            },
            stage,
          ),
        ),
      );
      const drawing = view.stage === 'drawing' ? view.progress : undefined;
      const doing = drawing ? `drawing: ${progressText(drawing)}` : STAGE_TEXT[view.stage];
      text.textContent = `${doing} · ${formatSeconds(elapsedSec)} · job ${view.jobId}`;
      progress.dataset.stage = view.stage;
      showBar(view.stage === 'drawing', drawing && progressFraction(drawing));
    },

    async show(view, plan) {
      const links = view.downloads;
      if (!links) return;
      result.hidden = false;
      video.src = links.video;
      video.dataset.jobId = view.jobId;
      sheet.src = links.preview;
      sheet.alt = `Contact sheet of job ${view.jobId}: frames across the clip`;
      fill(
        downloads,
        h('li', {}, h('a', { href: links.video, download: `${view.jobId}.mp4` }, 'video.mp4')),
        h('li', {}, h('a', { href: links.preview, download: `${view.jobId}-preview.png` }, 'preview.png')),
        h('li', {}, h('a', { href: links.plan, download: `${view.jobId}-plan.json` }, 'plan.json')),
      );
      const duration = view.durationSec ?? 0;
      meta.textContent = `“${view.emotion}” · ${formatSeconds(duration)}${view.seed !== undefined ? ` · seed ${view.seed}` : ''}${view.reasoner ? ` · reasoner ${view.reasoner}` : ''}`;
      let drawn = plan;
      if (!drawn) {
        try {
          const response = await fetch(links.plan);
          if (response.ok) drawn = (await response.json()) as ExpressionPlan;
        } catch {
          // The bucket may not allow this origin to read (CORS); the chart is left empty then.
        }
      }
      if (drawn && duration > 0) drawAuChart(chart, legend, drawn, duration);
      else fill(legend, h('li', {}, 'The plan of this job could not be read from here.'));
    },

    hide() {
      result.hidden = true;
      progress.hidden = true;
      showBar(false, undefined);
      video.removeAttribute('src');
      video.load();
    },
  };
}
