/** Errors of the Draw pipeline itself (its stages raise their own: AudioError, PortraitError, ...). */
export class DrawError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DrawError';
  }
}

/** The job was cancelled (timeout, shutdown, client gone) between two frames or steps. */
export class DrawAbortedError extends DrawError {
  constructor(reason?: unknown) {
    super(
      `the draw was cancelled${reason instanceof Error ? `: ${reason.message}` : reason ? `: ${String(reason)}` : ''}`,
      {
        cause: reason,
      },
    );
    this.name = 'DrawAbortedError';
  }
}
