import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { EvaluationPoint, HistoryPoint } from '../../../shared/config/results.js';
import { measureValues, type ConstraintPlan } from '../constraints/constraint-plan.js';
import { HistoryFileWriter } from './history-file.js';
import type { ProgressReporter } from './progress.js';
import type { StepTensors } from './solvers/types.js';
import { tf } from './tf.js';

/** A run's history file (JSON lines of training and evaluation points, thinned as written), mirrored to the live monitor. */
export class RunHistory {
  private constructor(
    private readonly file: HistoryFileWriter,
    private readonly plan: ConstraintPlan,
    private readonly reporter: ProgressReporter,
  ) {}

  static async open(outDir: string, id: string, plan: ConstraintPlan, reporter: ProgressReporter): Promise<RunHistory> {
    await mkdir(path.join(outDir, 'history'), { recursive: true });
    return new RunHistory(new HistoryFileWriter(path.join(outDir, 'history', `${id}.jsonl`)), plan, reporter);
  }

  evaluation(point: EvaluationPoint): void {
    this.file.evaluation(point);
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
    this.file.point(point);
    this.reporter.point(point);
    return true;
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
