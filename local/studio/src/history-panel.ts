/** The key's jobs, newest first (GET /v1/jobs); opening one shows its progress or its result. */
import type { ApiClient } from './api-client.js';
import { byId, fill, formatSeconds, h } from './dom.js';
import { clearError, showApiError } from './field-errors.js';

export interface HistoryPanel {
  refresh(): Promise<void>;
}

export function createHistoryPanel(options: {
  client: ApiClient;
  onOpen: (jobId: string) => void;
}): HistoryPanel {
  const list = byId('history', HTMLUListElement);
  const button = byId('history-refresh', HTMLButtonElement);

  const refresh = async () => {
    clearError('history');
    try {
      const { jobs } = await options.client.listJobs(20);
      if (jobs.length === 0) {
        fill(list, h('li', { class: 'hint' }, 'No jobs yet.'));
        return;
      }
      fill(
        list,
        ...jobs.map((job) => {
          const when = new Date(job.createdAt).toLocaleString();
          const open = h(
            'button',
            { type: 'button', class: 'link', 'aria-label': `Open job ${job.jobId}: ${job.emotion}` },
            job.emotion,
          );
          open.addEventListener('click', () => options.onOpen(job.jobId));
          return h(
            'li',
            { 'data-stage': job.stage },
            open,
            h(
              'span',
              { class: 'hint' },
              ` ${job.stage}${job.durationSec !== undefined ? ` · ${formatSeconds(job.durationSec)}` : ''} · ${when}`,
            ),
            job.error ? h('span', { class: 'job-error' }, ` ${job.error.name}: ${job.error.message}`) : null,
          );
        }),
      );
    } catch (error) {
      showApiError(error, 'history');
    }
  };

  button.addEventListener('click', () => void refresh());
  return { refresh };
}
