/** Where progress goes: stderr, so stdout stays clean for --json and pipes. */
export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  /** fraction in 0..1; stage says what is happening ("sgd run 2/10"), detail what changes often ("14 s left"). */
  update(fraction: number, stage: string, detail?: string): void;
  /** A message on its own line (keeps the bar intact on a TTY). */
  log(message: string): void;
  done(): void;
}

const BAR_WIDTH = 24;

function bar(fraction: number): string {
  const filled = Math.round(fraction * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%`;
}

/**
 * A TTY gets one bar redrawn in place (at most 10 times a second); anything else (CI logs, files) gets a plain
 * line at every 10 % step or label change, so logs stay short and readable.
 */
export function createProgress(
  stream: ProgressStream,
  options: { quiet?: boolean; now?: () => number } = {},
): ProgressReporter {
  if (options.quiet) return { update() {}, log() {}, done() {} };
  const now = options.now ?? (() => Date.now());
  const tty = stream.isTTY === true;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastStep = -1;
  let lastStage = '';
  let drawn = false;
  const clear = (): void => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    update(fraction, stage, detail) {
      const label = detail ? `${stage} · ${detail}` : stage;
      const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      if (tty) {
        const t = now();
        if (t - lastDraw < 100 && f < 1) return;
        lastDraw = t;
        const width = Math.max(20, (stream.columns ?? 80) - 1);
        stream.write(`\r\x1b[2K${`${bar(f)} ${label}`.slice(0, width)}`);
        drawn = true;
        return;
      }
      const step = Math.floor(f * 10);
      if (step === lastStep && stage === lastStage) return;
      lastStep = step;
      lastStage = stage;
      stream.write(`${bar(f)} ${label}\n`);
    },
    log(message) {
      clear();
      stream.write(`${message}\n`);
    },
    done() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** A reporter for one part of a longer job: fractions map into [offset, offset + span] of the parent's bar. */
export function subProgress(parent: ProgressReporter, offset: number, span: number): ProgressReporter {
  return {
    update: (fraction, stage, detail) =>
      parent.update(offset + span * Math.min(1, Math.max(0, fraction)), stage, detail),
    log: (message) => parent.log(message),
    done: () => {},
  };
}
