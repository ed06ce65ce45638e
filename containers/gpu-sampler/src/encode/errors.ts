/** Errors of the encode module; Step Functions Retry/Catch match on `name`. */

export class EncodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EncodeError';
  }
}

/** ffmpeg could not be started, or exited with an error; carries its last stderr lines. */
export class FfmpegError extends EncodeError {
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(message: string, details: { exitCode: number | null; stderr: string; cause?: unknown }) {
    const tail = details.stderr.trim();
    super(tail ? `${message}\nffmpeg stderr (last lines):\n${tail}` : message, { cause: details.cause });
    this.name = 'FfmpegError';
    this.exitCode = details.exitCode;
    this.stderr = details.stderr;
  }
}

/** A file is not a well-formed MP4 (ISO-BMFF) or lacks what we expect in it. */
export class Mp4FormatError extends EncodeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Mp4FormatError';
  }
}
