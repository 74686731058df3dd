import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EvaluationPoint, HistoryPoint } from '../../../shared/config/results.js';
import { measureValues, type ConstraintPlan } from './constraint-plan.js';
import type { ProgressReporter } from './progress.js';
import type { StepTensors } from './solvers/types.js';
import { tf } from './tf.js';

/** A run's history file (JSON lines of training and evaluation points), mirrored to the live monitor. */
export class RunHistory {
  private constructor(
    private readonly stream: WriteStream,
    private readonly plan: ConstraintPlan,
    private readonly reporter: ProgressReporter,
  ) {}

  static async open(outDir: string, id: string, plan: ConstraintPlan, reporter: ProgressReporter): Promise<RunHistory> {
    await mkdir(path.join(outDir, 'history'), { recursive: true });
    return new RunHistory(createWriteStream(path.join(outDir, 'history', `${id}.jsonl`)), plan, reporter);
  }

  evaluation(point: EvaluationPoint): void {
    this.stream.write(`${JSON.stringify({ type: 'evaluation', ...point })}\n`);
    this.reporter.evaluation(point);
  }

  /**
   * Reads a logged step's estimates back (and frees them), records the point, and says whether they were finite;
   * a non-finite one is the divergence signal and is not recorded.
   */
  async training(out: StepTensors, at: Pick<HistoryPoint, 'iteration' | 'seconds' | 'samples'>): Promise<boolean> {
    const [loss, rows, multipliers] = await Promise.all([out.loss.data(), out.rows?.data(), out.multipliers?.data()]);
    tf.dispose([out.loss, out.rows ?? [], out.multipliers ?? []]);
    const lossValue = loss[0]!;
    const rowValues = rows ? Array.from(rows) : [];
    if (!Number.isFinite(lossValue) || rowValues.some((v) => !Number.isFinite(v))) return false;
    const point: HistoryPoint = {
      ...at,
      loss: lossValue,
      constraints: measureValues(this.plan, rowValues),
      multipliers: multipliers ? this.plan.measures.map((m) => Math.max(...m.rows.map((r) => multipliers[r]!))) : [],
    };
    this.stream.write(`${JSON.stringify({ type: 'history', ...point })}\n`);
    this.reporter.point(point);
    return true;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.stream.end(resolve));
  }
}
