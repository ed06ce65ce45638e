/**
 * Progress for long CLI work: a live bar on a terminal (stderr), plain lines otherwise, so logs
 * and CI output stay readable. Stdout is left for results (e.g. `--json`).
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Start a stage with a known amount of work (e.g. frames or sampler steps). */
  stage(name: string, total: number): void;
  /** Report `done` units of the current stage. */
  update(done: number): void;
  /** A one-off message line. */
  note(message: string): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

class BarProgress implements Progress {
  private readonly bar: cliProgress.SingleBar;
  private active = false;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{stage} |{bar}| {value}/{total} {unit}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  stage(name: string, total: number): void {
    if (this.active) this.bar.stop();
    this.bar.start(total, 0, { stage: name.padEnd(9), unit: '' });
    this.active = true;
  }

  update(done: number): void {
    if (this.active) this.bar.update(done);
  }

  note(message: string): void {
    if (this.active) {
      this.bar.stop();
      this.active = false;
    }
    process.stderr.write(`${message}\n`);
  }

  stop(): void {
    if (this.active) this.bar.stop();
    this.active = false;
  }
}

/** Plain lines: one at each stage start and at every 25 % of it. */
class LineProgress implements Progress {
  private name = '';
  private total = 0;
  private lastQuarter = -1;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  stage(name: string, total: number): void {
    this.name = name;
    this.total = total;
    this.lastQuarter = -1;
    this.stream.write(`[${name}] 0/${total}\n`);
  }

  update(done: number): void {
    if (this.total <= 0) return;
    const quarter = Math.floor((4 * done) / this.total);
    if (quarter > this.lastQuarter && quarter > 0) {
      this.lastQuarter = quarter;
      this.stream.write(`[${this.name}] ${done}/${this.total}\n`);
    }
  }

  note(message: string): void {
    this.stream.write(`${message}\n`);
  }

  stop(): void {}
}
