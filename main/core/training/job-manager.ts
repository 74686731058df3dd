import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingProgress } from '../../../shared/config/progress.js';
import type { Results } from '../../../shared/config/results.js';
import type { TaskConfig } from '../../../shared/config/task-config.js';
import { FairboundError } from '../../../shared/errors.js';
import type { HistoryRun, JobSummary, JobView, LiveState } from '../../../shared/ipc/channels/training.js';
import type { Project, JobRecord } from '../../../shared/project.js';
import type { PreparedTask } from '../data/prepared-task.js';
import { buildConstraintPlan } from '../constraints/constraint-plan.js';
import type { EngineHost, TrainingJobHandle } from '../engine/engine-host.js';
import type { EventSink } from '../ipc/handler-types.js';
import type { ProjectRepository } from '../projects/repository.js';
import { readSavedJob } from '../projects/saved-job.js';
import { readJobHistory, readResults } from './history-store.js';
import { summariseResults } from './job-summary.js';
import { LiveHistory } from './live-history.js';
import { ProgressBatcher, realTimers, type Timers } from './progress-batcher.js';

export interface JobManagerOptions {
  projects: ProjectRepository;
  events: EventSink;
  engine: EngineHost;
  /** prepareTask; the signal aborts when the job is cancelled while it prepares. */
  prepare: (config: TaskConfig, signal: AbortSignal) => Promise<PreparedTask>;
  /** Jobs training at once (default 1: on a CPU backend two jobs only share the same cores); see setConcurrency. */
  concurrency?: number;
  progressIntervalMs?: number;
  timers?: Timers;
  newId?: () => string;
  now?: () => Date;
  log?: (message: string) => void;
}

export interface JobInput {
  label: string;
  config: TaskConfig;
}

type ActiveStatus = 'queued' | 'running' | 'paused';
type FinalStatus = 'completed' | 'cancelled' | 'diverged' | 'failed';

interface Job {
  id: string;
  projectId: string;
  config: TaskConfig;
  status: ActiveStatus;
  /** Holds a concurrency slot (preparing or training). */
  started: boolean;
  pauseRequested: boolean;
  cancelRequested: boolean;
  /** Its final status is being written: no more pause/resume/cancel. */
  finishing: boolean;
  handle: TrainingJobHandle | null;
  abort: AbortController;
  live: LiveState | null;
  seq: number;
  history: LiveHistory;
  batcher: ProgressBatcher;
  /** Record writes of this job, chained so status transitions land in project.json in order. */
  writes: Promise<unknown>;
}

const ACTIVE: ReadonlySet<string> = new Set<ActiveStatus>(['queued', 'running', 'paused']);

function defaultId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Job status from the engine's results: a job "completed" when at least one run produced a usable model. */
export function jobOutcome(results: Results, cancelRequested: boolean): { status: FinalStatus; message?: string } {
  const n = results.runs.length;
  const count = (s: string) => results.runs.filter((r) => r.status === s).length;
  const completed = count('completed');
  if (cancelRequested) return { status: 'cancelled', message: `cancelled after ${completed} of ${n} run(s) completed` };
  const problems = results.runs
    .map((r, i) => (r.status === 'completed' ? null : `run ${i + 1} ${r.status}${r.message ? `: ${r.message}` : ''}`))
    .filter((m): m is string => m !== null);
  if (completed === n) return { status: 'completed' };
  if (completed > 0) return { status: 'completed', message: problems.join('; ') };
  return { status: count('diverged') > 0 ? 'diverged' : 'failed', message: problems.join('; ') || 'no run finished' };
}

/** One wording for a job the app's stop cut short, whether found after a crash or cancelled by an orderly quit. */
function interruptedMessage(state: string, detail: string): string {
  return `interrupted: the app stopped while this job was ${state}${detail}`;
}

/**
 * Runs training jobs for every project: a FIFO queue drained by at most `concurrency` jobs at once, each prepared
 * (prepareTask) and handed to the EngineHost off the main event loop. Every status change is written to the
 * project's project.json (jobs[]) and pushed as a 'training:job' event; progress goes out as 'training:progress',
 * batched to ≤ 20/s per job. Training belongs here, not to any window: a renderer may leave and come back and
 * find the job through list() and history().
 */
export class JobManager {
  #concurrency: number;
  /** Set by dispose(): jobs cancelled from now on are recorded as interrupted. */
  #shuttingDown = false;
  #opts: JobManagerOptions;
  #timers: Timers;
  #now: () => Date;
  #jobs = new Map<string, Job>();
  #queue: Job[] = [];
  #slots = 0;
  #idle: Array<() => void> = [];

  constructor(opts: JobManagerOptions) {
    this.#opts = opts;
    this.#concurrency = Math.max(1, opts.concurrency ?? 1);
    this.#timers = opts.timers ?? realTimers;
    this.#now = opts.now ?? (() => new Date());
  }

  get concurrency(): number {
    return this.#concurrency;
  }

  /**
   * Changes how many jobs may train at once. A higher limit starts queued jobs now; a lower one lets the jobs
   * already running finish and starts no new one until fewer than the limit are left.
   */
  setConcurrency(limit: number): void {
    this.#concurrency = Math.max(1, limit);
    this.#pump();
  }

  /**
   * Startup pass: a job left queued/running/paused by a previous process can never continue, so it is marked
   * failed (interrupted), or finished from its results.json when the engine completed it just before the stop.
   */
  async recover(): Promise<number> {
    let fixed = 0;
    for (const summary of await this.#opts.projects.list()) {
      if (summary.status !== 'ok') continue;
      const project = await this.#opts.projects.get(summary.id).catch(() => null);
      const stale = project?.jobs.filter((r) => ACTIVE.has(r.status) && !this.#jobs.has(r.id)) ?? [];
      if (stale.length === 0) continue;
      const finished = new Map<string, Results>();
      const withHistory = new Set<string>();
      for (const rec of stale) {
        const outDir = this.#outDir(summary.id, rec.id);
        const results = await readResults(outDir).catch(() => null);
        if (results && results.runs.length === readSavedJob(rec).settings?.runs) finished.set(rec.id, results);
        if (existsSync(path.join(outDir, 'history'))) withHistory.add(rec.id);
      }
      await this.#opts.projects.update(summary.id, (p) => {
        for (const rec of p.jobs) {
          if (!stale.some((s) => s.id === rec.id)) continue;
          const results = finished.get(rec.id);
          if (results) {
            const outcome = jobOutcome(results, false);
            rec.status = outcome.status;
            rec.message = outcome.message ?? 'finished while the app was stopping';
            rec.summary = summariseResults(results);
          } else {
            const kept = withHistory.has(rec.id) ? '; its partial history is kept' : '';
            rec.message = interruptedMessage(rec.status, kept);
            rec.status = 'failed';
          }
          fixed++;
        }
      });
    }
    return fixed;
  }

  /** Queues jobs (one record each, in one project write) and returns their ids at once. */
  async enqueue(projectId: string, inputs: readonly JobInput[]): Promise<string[]> {
    const createdAt = this.#now().toISOString();
    const jobs = inputs.map((input) => {
      const id = this.#opts.newId?.() ?? defaultId(this.#now());
      const job: Job = {
        id,
        projectId,
        config: input.config,
        status: 'queued',
        started: false,
        pauseRequested: false,
        cancelRequested: false,
        finishing: false,
        handle: null,
        abort: new AbortController(),
        live: null,
        seq: 0,
        history: new LiveHistory(),
        batcher: new ProgressBatcher(
          (p) => this.#emitProgress(job, p),
          this.#opts.progressIntervalMs ?? 50,
          this.#timers,
        ),
        writes: Promise.resolve(),
      };
      return {
        job,
        record: {
          id,
          label: input.label,
          createdAt,
          status: 'queued',
          config: input.config,
          summary: null,
        } satisfies JobRecord,
      };
    });
    const project = await this.#opts.projects.update(projectId, (p) => {
      p.jobs.push(...jobs.map((j) => j.record));
    });
    for (const { job } of jobs) {
      this.#jobs.set(job.id, job);
      this.#queue.push(job);
      this.#emitJob(project, job.id);
    }
    this.#pump();
    return jobs.map((j) => j.job.id);
  }

  async cancel(projectId: string, jobId: string): Promise<void> {
    const job = this.#active(projectId, jobId);
    job.cancelRequested = true;
    if (!job.started) {
      this.#queue = this.#queue.filter((j) => j !== job);
      await this.#finish(job, { status: 'cancelled', message: 'cancelled before it started' }, null);
      return;
    }
    job.abort.abort();
    job.handle?.cancel();
  }

  async pause(projectId: string, jobId: string): Promise<void> {
    const job = this.#active(projectId, jobId);
    if (job.pauseRequested) return;
    job.pauseRequested = true;
    job.handle?.pause();
    if (job.live) job.live = { ...job.live, phase: 'paused' };
    await this.#setStatus(job, 'paused');
  }

  async resume(projectId: string, jobId: string): Promise<void> {
    const job = this.#active(projectId, jobId);
    if (!job.pauseRequested) return;
    job.pauseRequested = false;
    job.handle?.resume();
    if (job.live?.phase === 'paused') job.live = { ...job.live, phase: job.handle ? 'training' : 'preparing' };
    await this.#setStatus(job, job.started ? 'running' : 'queued');
    this.#pump();
  }

  /** The project's jobs, oldest first, with live state for those in flight. */
  async list(projectId: string): Promise<JobView[]> {
    const project = await this.#opts.projects.get(projectId);
    return project.jobs.map((rec) => this.#view(rec));
  }

  /** History for charts: accumulated in memory while the job runs, read from its files once it has finished. */
  async history(projectId: string, jobId: string, maxPoints: number): Promise<{ runs: HistoryRun[]; seq: number }> {
    const job = this.#jobs.get(jobId);
    if (job && job.projectId === projectId) return { runs: job.history.snapshot(maxPoints), seq: job.seq };
    const project = await this.#opts.projects.get(projectId);
    if (!project.jobs.some((r) => r.id === jobId))
      throw new FairboundError('not-found', `No job ${jobId} in this project`);
    return { runs: await readJobHistory(this.#outDir(projectId, jobId), maxPoints), seq: -1 };
  }

  /** Picks "<jobId>/<runIndex>" as the project's model; the run must have finished with a model. */
  async setModel(projectId: string, run: string | null): Promise<string | null> {
    if (run !== null) {
      const [jobId, index] = run.split('/');
      const project = await this.#opts.projects.get(projectId);
      const rec = project.jobs.find((r) => r.id === jobId);
      if (!rec) throw new FairboundError('not-found', `No job ${jobId} in this project`);
      const figures = readSavedJob(rec).summary?.runs[Number(index)];
      if (!figures) throw new FairboundError('not-found', `Job ${jobId} has no finished run ${index}`);
      if (figures.status !== 'completed' && figures.status !== 'cancelled') {
        throw new FairboundError(
          'conflict',
          `Run ${Number(index) + 1} of job ${jobId} ${figures.status}; it has no model to use`,
        );
      }
    }
    const updated = await this.#opts.projects.update(projectId, (p) => {
      p.modelRun = run;
    });
    return updated.modelRun;
  }

  /** Resolves once no job is queued or running (tests, orderly shutdown). */
  whenIdle(): Promise<void> {
    if (this.#jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Cancels every job in flight, waits for them to settle, then disposes the engine host. */
  async dispose(): Promise<void> {
    this.#shuttingDown = true;
    for (const job of [...this.#jobs.values()]) await this.cancel(job.projectId, job.id).catch(() => undefined);
    await this.whenIdle();
    await this.#opts.engine.dispose();
  }

  #outDir(projectId: string, jobId: string): string {
    return path.join(this.#opts.projects.dir(projectId), 'runs', jobId);
  }

  #active(projectId: string, jobId: string): Job {
    const job = this.#jobs.get(jobId);
    if (!job || job.projectId !== projectId || job.finishing) {
      throw new FairboundError('not-found', `Job ${jobId} is not queued or running in this project`);
    }
    return job;
  }

  #pump(): void {
    while (this.#slots < this.#concurrency) {
      const next = this.#queue.find((j) => !j.pauseRequested);
      if (!next) return;
      this.#queue = this.#queue.filter((j) => j !== next);
      this.#slots++;
      next.started = true;
      void this.#run(next);
    }
  }

  async #run(job: Job): Promise<void> {
    const config = job.config;
    job.live = {
      phase: 'preparing',
      runIndex: 0,
      runs: config.runs,
      fraction: 0,
      etaSeconds: null,
      iterationsPerSecond: 0,
      seq: 0,
      constraintNames: [],
    };
    let task: PreparedTask | null = null;
    try {
      await this.#setStatus(job, 'running');
      task = await this.#opts.prepare(config, job.abort.signal);
      if (job.cancelRequested) {
        await this.#finish(job, { status: 'cancelled', message: 'cancelled before training started' }, null);
        return;
      }
      // The names results.json will carry, known before the engine sends its first point.
      const constraintNames = buildConstraintPlan(task.config.constraints, task.groups).measures.map((m) => m.name);
      if (job.live) job.live = { ...job.live, constraintNames };
      void this.#write(job, (rec) => {
        rec.constraintNames = constraintNames;
      });
      const outDir = this.#outDir(job.projectId, job.id);
      await mkdir(outDir, { recursive: true });
      job.handle = this.#opts.engine.start({ task, outDir }, (p) => job.batcher.push(p));
      if (job.pauseRequested) job.handle.pause();
      if (job.cancelRequested) job.handle.cancel();
      const results = await job.handle.done;
      job.batcher.flush();
      await this.#finish(job, jobOutcome(results, job.cancelRequested), summariseResults(results));
    } catch (error) {
      job.batcher.flush();
      const message = error instanceof Error ? error.message : String(error);
      const outcome = job.cancelRequested
        ? { status: 'cancelled' as const, message: 'cancelled' }
        : { status: 'failed' as const, message };
      await this.#finish(job, outcome, null);
    } finally {
      // A streamed task's reader in this process (the engine's process reads through its own).
      task?.stream?.close();
      this.#slots--;
      this.#pump();
    }
  }

  #emitProgress(job: Job, p: TrainingProgress): void {
    job.seq++;
    job.history.add(p.runIndex, p.points, p.evaluations);
    const constraintNames = job.live?.constraintNames ?? [];
    const message = p.message ?? job.live?.message;
    job.live = {
      phase: job.pauseRequested ? 'paused' : p.phase,
      runIndex: p.runIndex,
      runs: p.runs,
      fraction: p.fraction,
      etaSeconds: p.etaSeconds,
      iterationsPerSecond: p.iterationsPerSecond,
      ...(p.backend !== undefined ? { backend: p.backend } : {}),
      seq: job.seq,
      constraintNames,
      ...(message !== undefined ? { message } : {}),
    };
    const first = job.seq === 1 ? { constraintNames } : {};
    this.#opts.events.emit('training:progress', {
      ...p,
      projectId: job.projectId,
      jobId: job.id,
      seq: job.seq,
      ...first,
    });
  }

  #setStatus(job: Job, status: ActiveStatus): Promise<void> {
    job.status = status;
    return this.#write(job, (rec) => {
      rec.status = status;
    });
  }

  async #finish(
    job: Job,
    requested: { status: FinalStatus; message?: string },
    summary: JobSummary | null,
  ): Promise<void> {
    // A job stopped by shutdown was not the user's choice: record it as interrupted, like one found after a crash.
    const outcome =
      this.#shuttingDown && requested.status === 'cancelled'
        ? { status: 'failed' as const, message: interruptedMessage('running', '') }
        : requested;
    job.finishing = true;
    job.live = null;
    await this.#write(job, (rec) => {
      rec.status = outcome.status;
      if (outcome.message !== undefined) rec.message = outcome.message;
      else delete rec.message;
      rec.summary = summary;
    });
    this.#jobs.delete(job.id);
    if (this.#jobs.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Applies a change to the job's record, in order with its earlier changes, then tells the renderers. */
  #write(job: Job, mutate: (rec: JobRecord) => void): Promise<void> {
    const write = job.writes.then(async () => {
      try {
        const project = await this.#opts.projects.update(job.projectId, (p) => {
          const rec = p.jobs.find((r) => r.id === job.id);
          if (rec) mutate(rec);
        });
        this.#emitJob(project, job.id);
      } catch (error) {
        // A project deleted or damaged mid-run: the job carries on; there is just nowhere left to record it.
        this.#opts.log?.(
          `training: could not record job ${job.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    job.writes = write;
    return write;
  }

  #emitJob(project: Project, jobId: string): void {
    const rec = project.jobs.find((r) => r.id === jobId);
    if (rec) this.#opts.events.emit('training:job', { projectId: project.id, job: this.#view(rec) });
  }

  #view(rec: JobRecord): JobView {
    return { ...readSavedJob(rec), live: this.#jobs.get(rec.id)?.live ?? null };
  }
}
