import type { Certifiability } from '../../../../shared/certifiability';
import type { EvaluationPoint, HistoryPoint } from '../../../../shared/config/results';
import { groupsSpecSchema, labelSpecSchema } from '../../../../shared/config/task-config';
import { resolveSolverParams, SOLVERS } from '../../../../shared/solvers';
import { baselineConstraintOf } from '../../../../shared/config/baseline';
import { isBaselineSolver } from '../../../../shared/fairness';
import type { ErrorPayload } from '../../../../shared/errors';
import type { GroupRow } from '../../../../shared/ipc/channels/datasets';
import {
  trainSettingsSchema,
  type JobView,
  type ReferenceGaps,
  type SweepSpec,
  type TrainingProgressEvent,
  type TrainSettings,
} from '../../../../shared/ipc/channels/training';
import type { ResponseOf } from '../../../../shared/ipc/contract';
import type { ApiClient } from '../../lib/api-client';
import { toasts } from '../../lib/toasts.svelte';

/** Points kept per run in the renderer; beyond it every other point is dropped (charts show ≤ 500 anyway). */
const KEEP = 4000;

export interface RunSeries {
  points: HistoryPoint[];
  evaluations: EvaluationPoint[];
}

interface Stream {
  runs: Map<number, RunSeries>;
  /** Last seq applied; -2 while the stored history is being fetched (events are buffered meanwhile). */
  seq: number;
  buffer: TrainingProgressEvent[];
}

const ACTIVE = new Set(['queued', 'running', 'paused']);

function thin<T>(items: T[]): T[] {
  return items.length <= KEEP ? items : items.filter((_, i) => i % 2 === 0 || i === items.length - 1);
}

/**
 * The Train tab's state for one project: the settings being edited (auto-saved into the project's task draft), the
 * jobs and their live series. Training runs in main; this class only mirrors it, so leaving the tab or reopening
 * the project re-subscribes and fetches what happened meanwhile (training:list + training:history).
 */
export class TrainState {
  readonly projectId: string;
  settings = $state<TrainSettings | null>(null);
  dataIssues = $state.raw<string[]>([]);
  reference = $state.raw<ReferenceGaps | null>(null);
  /** What the test split can certify for the constraints being edited (shown next to each tolerance). */
  certifiability = $state.raw<Certifiability | null>(null);
  modelRun = $state<string | null>(null);
  groups = $state.raw<GroupRow[] | null>(null);
  groupsState = $state<'loading' | 'undefined' | 'ready'>('loading');
  backends = $state.raw<ResponseOf<'training:backends'> | null>(null);
  backendsError = $state<string | null>(null);
  jobs = $state.raw<JobView[]>([]);
  error = $state<ErrorPayload | null>(null);
  saveState = $state<'saved' | 'saving' | 'invalid'>('saved');
  /** The job whose live charts are shown. */
  monitorJobId = $state<string | null>(null);
  /** "<jobId>/<runIndex>" of runs overlaid in the comparison plots. */
  compared = $state<string[]>([]);
  /** Jobs main trains at once (the "jobs at once" preference), for the queue's estimated starts. */
  jobsAtOnce = $state(1);
  /** Bumped (at most once per animation frame) whenever a series changes; charts derive from it. */
  version = $state(0);

  #streams = new Map<string, Stream>();
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #frame = 0;
  readonly #api: ApiClient;

  constructor(projectId: string, api: ApiClient) {
    this.projectId = projectId;
    this.#api = api;
  }

  /** Subscribes to training events, then loads; returns the unsubscribe (the tab's attachment cleanup). */
  connect(): () => void {
    const offProgress = this.#api.on('training:progress', (e) => {
      if (e.projectId === this.projectId) this.#onProgress(e);
    });
    const offJob = this.#api.on('training:job', ({ projectId, job }) => {
      if (projectId === this.projectId) this.#onJob(job);
    });
    void this.load();
    return () => {
      offProgress();
      offJob();
      cancelAnimationFrame(this.#frame);
      if (this.#saveTimer) {
        clearTimeout(this.#saveTimer);
        void this.save();
      }
    };
  }

  async load(): Promise<void> {
    const setup = await this.#api.invoke('training:setup', { projectId: this.projectId });
    if (!setup.ok) {
      this.error = setup.error;
      return;
    }
    this.settings = setup.data.settings;
    this.dataIssues = setup.data.dataIssues;
    this.reference = setup.data.reference;
    this.modelRun = setup.data.modelRun;
    void this.refreshCertifiability();
    await this.refreshJobs();
    void this.#loadGroups();
    void this.#loadBackends();
    const settings = await this.#api.invoke('settings:get', {});
    if (settings.ok) this.jobsAtOnce = settings.data.preferences.jobsAtOnce;
  }

  async refreshJobs(): Promise<void> {
    const list = await this.#api.invoke('training:list', { projectId: this.projectId });
    if (!list.ok) {
      this.error = list.error;
      return;
    }
    this.jobs = list.data.jobs;
    const active = list.data.jobs.filter((j) => ACTIVE.has(j.status));
    for (const job of active) void this.#ensureStream(job.id);
    // The newest finished jobs are overlaid in the comparison plots by default.
    for (const job of list.data.jobs.filter((j) => j.summary !== null).slice(-6)) void this.#ensureStream(job.id);
    const latest = active.find((j) => j.status !== 'queued') ?? list.data.jobs[list.data.jobs.length - 1];
    if (this.monitorJobId === null && latest) this.monitor(latest.id);
  }

  /** Validation issues of the settings being edited, keyed by field path ("solver.params.rho"). */
  issues(): Map<string, string> {
    const out = new Map<string, string>();
    if (!this.settings) return out;
    const settings = $state.snapshot(this.settings);
    const parsed = trainSettingsSchema.safeParse(settings);
    if (!parsed.success) for (const issue of parsed.error.issues) out.set(issue.path.join('.'), issue.message);
    // Parameter ranges live in the solver catalogue, not the schema; main checks them again when a job starts.
    const { unknown, outOfRange } = resolveSolverParams(settings.solver.name, settings.solver.params);
    for (const key of unknown) out.set(`solver.params.${key}`, `not a parameter of ${settings.solver.name}`);
    for (const spec of SOLVERS[settings.solver.name].params) {
      if (outOfRange.some((r) => r.startsWith(`${spec.key}=`)))
        out.set(`solver.params.${spec.key}`, `allowed ${spec.min} … ${spec.max}`);
    }
    // The baseline methods enforce one rate constraint; main refuses other tasks when a job starts.
    if (isBaselineSolver(settings.solver.name)) {
      const choice = baselineConstraintOf(settings.solver.name, settings.constraints);
      if (!choice.ok) out.set('constraints', choice.issue);
    }
    return out;
  }

  /** Debounced save of the settings into the project's task draft (only when valid). */
  scheduleSave(): void {
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    this.saveState = this.issues().size ? 'invalid' : 'saving';
    if (this.saveState === 'invalid') return;
    this.#saveTimer = setTimeout(() => void this.save(), 400);
  }

  async save(): Promise<boolean> {
    this.#saveTimer = undefined;
    if (!this.settings) return false;
    const parsed = trainSettingsSchema.safeParse($state.snapshot(this.settings));
    if (!parsed.success) {
      this.saveState = 'invalid';
      return false;
    }
    const result = await this.#api.invoke('training:save-settings', {
      projectId: this.projectId,
      settings: parsed.data,
    });
    if (!result.ok) {
      toasts.error(result.error);
      return false;
    }
    this.saveState = 'saved';
    void this.refreshCertifiability();
    return true;
  }

  #certifiedFor = '';

  /** Asks main what the test split can certify, when the constraints' kinds or groups changed (tolerances do not matter). */
  async refreshCertifiability(): Promise<void> {
    if (!this.settings || this.dataIssues.length) return;
    const parsed = trainSettingsSchema.safeParse($state.snapshot(this.settings));
    if (!parsed.success) return;
    const key = JSON.stringify(parsed.data.constraints.map((c) => [c.kind, c.topology, c.groups ?? null]));
    if (key === this.#certifiedFor) return;
    this.#certifiedFor = key;
    const result = await this.#api.invoke('training:certifiability', {
      projectId: this.projectId,
      settings: parsed.data,
    });
    if (key === this.#certifiedFor) this.certifiability = result.ok ? result.data : null;
  }

  async start(sweep?: SweepSpec): Promise<string[]> {
    if (this.#saveTimer) clearTimeout(this.#saveTimer);
    if (!(await this.save())) return [];
    const result = await this.#api.invoke('training:start', { projectId: this.projectId, ...(sweep ? { sweep } : {}) });
    if (!result.ok) {
      toasts.error(result.error);
      return [];
    }
    await this.refreshJobs();
    // The monitor stays on a job that is training; a new job is shown only when nothing else is.
    const running = this.jobs.find((j) => j.status === 'running');
    const first = result.data.jobIds[0];
    if (running) this.monitor(running.id);
    else if (first) this.monitor(first);
    return result.data.jobIds;
  }

  async control(verb: 'cancel' | 'pause' | 'resume', jobId: string): Promise<void> {
    const result = await this.#api.invoke(`training:${verb}`, { projectId: this.projectId, jobId });
    if (!result.ok) toasts.error(result.error);
  }

  async setModel(run: string | null): Promise<void> {
    const result = await this.#api.invoke('training:set-model', { projectId: this.projectId, run });
    if (result.ok) this.modelRun = result.data.modelRun;
    else toasts.error(result.error);
  }

  monitor(jobId: string): void {
    this.monitorJobId = jobId;
    void this.#ensureStream(jobId);
  }

  toggleCompared(run: string): void {
    this.compared = this.compared.includes(run) ? this.compared.filter((r) => r !== run) : [...this.compared, run];
    void this.#ensureStream(run.split('/')[0]!);
  }

  /** The series of one job's runs (read `version` first so callers re-run when they change). */
  series(jobId: string): Map<number, RunSeries> | null {
    return this.#streams.get(jobId)?.runs ?? null;
  }

  async #ensureStream(jobId: string): Promise<void> {
    if (this.#streams.has(jobId)) return;
    const stream: Stream = { runs: new Map(), seq: -2, buffer: [] };
    this.#streams.set(jobId, stream);
    const history = await this.#api.invoke('training:history', { projectId: this.projectId, jobId, maxPoints: 2000 });
    if (!history.ok) {
      this.#streams.delete(jobId);
      return;
    }
    for (const run of history.data.runs)
      stream.runs.set(run.runIndex, { points: run.points, evaluations: run.evaluations });
    stream.seq = history.data.seq;
    // Events that arrived while the history was in flight: apply only those it did not already contain.
    for (const e of stream.buffer.splice(0)) if (e.seq > stream.seq) this.#apply(stream, e);
    this.#bump();
  }

  #onProgress(e: TrainingProgressEvent): void {
    const stream = this.#streams.get(e.jobId);
    if (!stream) {
      void this.#ensureStream(e.jobId);
      this.#streams.get(e.jobId)?.buffer.push(e);
      return;
    }
    if (stream.seq === -2) stream.buffer.push(e);
    else if (e.seq > stream.seq) this.#apply(stream, e);
    this.jobs = this.jobs.map((j) =>
      j.id === e.jobId
        ? {
            ...j,
            live: {
              phase: e.phase,
              runIndex: e.runIndex,
              runs: e.runs,
              fraction: e.fraction,
              etaSeconds: e.etaSeconds,
              iterationsPerSecond: e.iterationsPerSecond,
              ...(e.backend !== undefined ? { backend: e.backend } : {}),
              seq: e.seq,
              // Only a job's first event names its constraints; later ones keep what the job already has.
              constraintNames: e.constraintNames ?? j.live?.constraintNames ?? [],
              // Solver notes arrive when they change; the newest stays shown.
              ...(e.message !== undefined
                ? { message: e.message }
                : j.live?.message !== undefined
                  ? { message: j.live.message }
                  : {}),
            },
          }
        : j,
    );
    this.#bump();
  }

  #apply(stream: Stream, e: TrainingProgressEvent): void {
    stream.seq = e.seq;
    const run = stream.runs.get(e.runIndex) ?? { points: [], evaluations: [] };
    // A new object, never a mutation: the charts derive from the run by identity, so a mutated run would look
    // unchanged to them and freeze every chart but the one that happens to re-read the whole map.
    stream.runs.set(e.runIndex, {
      points: thin([...run.points, ...e.points]),
      evaluations: thin([...run.evaluations, ...e.evaluations]),
    });
  }

  #onJob(job: JobView): void {
    const known = this.jobs.some((j) => j.id === job.id);
    this.jobs = known ? this.jobs.map((j) => (j.id === job.id ? job : j)) : [...this.jobs, job];
    if (!ACTIVE.has(job.status)) {
      // The stored history is the complete record (the live one is thinned); refetch it for the comparison plots.
      this.#streams.delete(job.id);
      void this.#ensureStream(job.id);
      const solver = job.summary?.runs[0]?.solver;
      if (job.status === 'completed' && solver && !SOLVERS[solver].constrained) void this.#refreshSetup();
    } else if (
      job.status === 'running' &&
      (this.monitorJobId === null || !ACTIVE.has(this.jobs.find((j) => j.id === this.monitorJobId)?.status ?? ''))
    ) {
      this.monitor(job.id);
    }
  }

  async #refreshSetup(): Promise<void> {
    const setup = await this.#api.invoke('training:setup', { projectId: this.projectId });
    if (setup.ok) this.reference = setup.data.reference;
  }

  async #loadGroups(): Promise<void> {
    this.groupsState = 'loading';
    const project = await this.#api.invoke('projects:get', { id: this.projectId });
    const task = project.ok && project.data.dataset ? project.data.task : null;
    const groups = groupsSpecSchema.safeParse(task?.['groups']);
    const label = labelSpecSchema.safeParse((task?.['data'] as { label?: unknown } | undefined)?.label);
    const result = groups.success
      ? await this.#api.invoke('datasets:groups', {
          projectId: this.projectId,
          groups: groups.data,
          ...(label.success ? { label: label.data } : {}),
        })
      : null;
    this.groups = result?.ok ? result.data.groups : null;
    this.groupsState = this.groups ? 'ready' : 'undefined';
  }

  async #loadBackends(): Promise<void> {
    const result = await this.#api.invoke('training:backends', {});
    if (result.ok) this.backends = result.data;
    else this.backendsError = result.error.message;
  }

  #bump(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = requestAnimationFrame(() => this.version++);
  }
}
