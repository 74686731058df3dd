import { SAMPLE_DATASET_FILE, type LabelSpec } from '../../../../shared/config/task-config';
import type { ErrorPayload, Result } from '../../../../shared/errors';
import type {
  ColumnSummary,
  DatasetSummary,
  GroupTable,
  LabelStats,
  LeakageSuspect,
  Preview,
  SourceCheck,
  SplitTable,
} from '../../../../shared/ipc/channels/datasets';
import type { DatasetRef } from '../../../../shared/project';
import type { ApiClient } from '../../lib/api-client';
import { draftFromTask, draftToSave, roleOf, withColumnNames, withRole, type DataDraft, type Role } from './draft';
import { columnNamesProblem } from '../../../../shared/config/column-names';

const PREVIEW_WINDOW = 200;
const SAVE_DELAY_MS = 400;

/**
 * The data tab's state for one project: the imported dataset, a running import, the task draft being edited
 * (saved to project.json after each change) and what main computes from it (label base rate, groups, split sizes).
 */
export class DataState {
  readonly projectId: string;
  dataset = $state.raw<DatasetRef | null>(null);
  summary = $state.raw<DatasetSummary | null>(null);
  draft = $state.raw<DataDraft | null>(null);
  loading = $state(true);
  error = $state<ErrorPayload | null>(null);
  /** reimport: the original file imported again from its path (its error shows beside the source status). */
  importJob = $state<{ jobId: string | null; fraction: number; phase: string; name: string; reimport: boolean } | null>(
    null,
  );
  importError = $state<ErrorPayload | null>(null);
  reimportError = $state<ErrorPayload | null>(null);
  labelStats = $state.raw<LabelStats | null>(null);
  /** Columns that may leak the current label (checked after the label stats: it scans every column). */
  leakage = $state.raw<LeakageSuspect[]>([]);
  /** The task's decision threshold (the training config's; 0.5 unless changed), for the label warnings. */
  threshold = $state(0.5);
  labelError = $state<ErrorPayload | null>(null);
  groupTable = $state.raw<GroupTable | null>(null);
  groupError = $state<ErrorPayload | null>(null);
  splitTable = $state.raw<SplitTable | null>(null);
  splitError = $state<ErrorPayload | null>(null);
  saveState = $state<'saved' | 'saving'>('saved');
  /** Why the last list of column names was refused (nothing was changed), or null. */
  columnNamesError = $state<string | null>(null);
  /** Preview rows by window start. */
  previewWindows = $state.raw<Map<number, Preview>>(new Map());
  /** Personal columns (names, birth dates…) show their values only after the user asks. */
  revealPersonal = $state(false);
  /** The original file compared with the imported version (null until checked). */
  source = $state.raw<SourceCheck | null>(null);
  checkingSource = $state(false);

  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #rolesBefore = new Map<string, Role>();
  #pendingWindows = new Set<number>();
  #generation = 0;
  readonly #api: ApiClient;

  constructor(projectId: string, api: ApiClient) {
    this.projectId = projectId;
    this.#api = api;
  }

  /** Subscribes to import events; returns the cleanup for an attachment. */
  start(): () => void {
    const offProgress = this.#api.on('datasets:progress', (p) => {
      if (
        p.projectId !== this.projectId ||
        !this.importJob ||
        (this.importJob.jobId !== null && p.jobId !== this.importJob.jobId)
      )
        return;
      this.importJob = { ...this.importJob, jobId: p.jobId, fraction: p.fraction, phase: p.phase };
    });
    const offFinished = this.#api.on('datasets:finished', (p) => {
      if (
        p.projectId !== this.projectId ||
        !this.importJob ||
        (this.importJob.jobId !== null && p.jobId !== this.importJob.jobId)
      )
        return;
      const reimport = this.importJob.reimport;
      this.importJob = null;
      if (p.ok) void this.load();
      else if (p.error && p.error.code !== 'cancelled') {
        if (reimport) this.reimportError = p.error;
        else this.importError = p.error;
      }
    });
    // Coming back to the app after editing the file elsewhere is when a change is likely: look again.
    const onFocus = () => {
      if (this.dataset && !this.importJob && !this.checkingSource) void this.checkSource();
    };
    window.addEventListener('focus', onFocus);
    void this.load();
    return () => {
      window.removeEventListener('focus', onFocus);
      offProgress();
      offFinished();
      clearTimeout(this.#saveTimer);
    };
  }

  async load(): Promise<void> {
    this.loading = true;
    const project = await this.#api.invoke('projects:get', { id: this.projectId });
    if (!project.ok) {
      this.error = project.error;
      this.loading = false;
      return;
    }
    this.dataset = project.data.dataset;
    this.draft = draftFromTask(project.data.task);
    const threshold = project.data.task?.['threshold'];
    this.threshold = typeof threshold === 'number' ? threshold : 0.5;
    this.previewWindows = new Map();
    this.#pendingWindows.clear();
    if (project.data.dataset) {
      const summary = await this.#api.invoke('datasets:summary', { projectId: this.projectId });
      if (summary.ok) this.summary = summary.data;
      else this.error = summary.error;
    } else this.summary = null;
    this.loading = false;
    this.source = null;
    this.reimportError = null;
    // Hashing a large file takes a while: the rest of the tab does not wait for it.
    if (project.data.dataset) void this.checkSource();
    if (this.summary) await this.refreshDerived();
  }

  async checkSource(): Promise<void> {
    this.checkingSource = true;
    const result = await this.#api.invoke('datasets:source-status', { projectId: this.projectId });
    this.checkingSource = false;
    this.source = result.ok ? result.data : null;
    if (!result.ok) this.error = result.error;
  }

  /** Imports the original file again; if it cannot be imported, the error shows and the dataset stays as it was. */
  async reimport(): Promise<void> {
    if (!this.dataset) return;
    this.reimportError = null;
    this.importJob = { jobId: null, fraction: 0, phase: 'hash', name: this.dataset.sourceName, reimport: true };
    await this.#follow(this.#api.invoke('datasets:reimport', { projectId: this.projectId }), this.dataset.sourceName);
  }

  async importFile(file: File): Promise<void> {
    this.importError = null;
    this.importJob = { jobId: null, fraction: 0, phase: 'upload', name: file.name, reimport: false };
    const source = await this.#api.importFile(file, (fraction) => {
      if (this.importJob && this.importJob.jobId === null) this.importJob = { ...this.importJob, fraction };
    });
    if (!source.ok) {
      this.importJob = null;
      this.importError = source.error;
      return;
    }
    await this.#startImport(source.data, file.name);
  }

  async importSample(): Promise<void> {
    this.importError = null;
    this.importJob = { jobId: null, fraction: 0, phase: 'hash', name: SAMPLE_DATASET_FILE, reimport: false };
    await this.#startImport({ kind: 'sample' }, SAMPLE_DATASET_FILE);
  }

  #startImport(
    source: { kind: 'sample' } | { kind: 'upload'; uploadId: string } | { kind: 'path'; path: string },
    name: string,
  ) {
    return this.#follow(this.#api.invoke('datasets:import', { projectId: this.projectId, source }), name);
  }

  /** Tracks a started import job: its progress and outcome arrive as datasets:* events (see start()). */
  async #follow(request: Promise<Result<{ jobId: string }>>, name: string) {
    const started = await request;
    if (!started.ok) {
      if (this.importJob?.reimport) this.reimportError = started.error;
      else this.importError = started.error;
      this.importJob = null;
      return;
    }
    if (this.importJob) this.importJob = { ...this.importJob, jobId: started.data.jobId, name };
  }

  async cancelImport(): Promise<void> {
    const jobId = this.importJob?.jobId;
    if (jobId) await this.#api.invoke('datasets:cancel', { jobId });
    this.importJob = null;
  }

  /** Replaces the draft; saving and recomputing follow shortly (typing does not fire a request per key). */
  /**
   * Gives a column a role. The role it had is remembered, so a column that later stops being the label (another
   * column took it) goes back to what it was, not to "Ignored".
   */
  setRole(column: ColumnSummary, role: Role): void {
    if (!this.draft) return;
    this.#rolesBefore.set(column.name, roleOf(this.draft, column.name));
    this.update(withRole(this.draft, column, role, (name) => this.#rolesBefore.get(name), this.summary?.columns ?? []));
  }

  /**
   * Names the file's columns (in file order): the draft's roles, encodings and groups follow their columns, the
   * draft is saved at once and the summary and preview are read again under the new names. A list that is not one
   * unique, non-empty name per column is refused with the reason, and nothing changes.
   */
  async nameColumns(names: string[]): Promise<boolean> {
    if (!this.draft || !this.summary) return false;
    const current = this.summary.columns.map((c) => c.name);
    const problem = columnNamesProblem(names, current.length);
    // Worded as main words the same refusal (datasets:save-draft), so either reads the same.
    this.columnNamesError = problem ? `Column names: ${problem}.` : null;
    if (problem) return false;
    clearTimeout(this.#saveTimer);
    const next = withColumnNames(this.draft, current, names);
    this.saveState = 'saving';
    const saved = await this.#api.invoke('datasets:save-draft', { projectId: this.projectId, ...draftToSave(next) });
    this.saveState = 'saved';
    if (!saved.ok) {
      this.columnNamesError = saved.error.message;
      return false;
    }
    this.draft = next;
    this.#rolesBefore.clear();
    const summary = await this.#api.invoke('datasets:summary', { projectId: this.projectId });
    if (summary.ok) this.summary = summary.data;
    else this.error = summary.error;
    this.previewWindows = new Map();
    this.#pendingWindows.clear();
    await this.refreshDerived();
    return true;
  }

  update(next: DataDraft): void {
    this.draft = next;
    this.saveState = 'saving';
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => void this.#save(), SAVE_DELAY_MS);
  }

  async #save(): Promise<void> {
    if (!this.draft) return;
    const result = await this.#api.invoke('datasets:save-draft', {
      projectId: this.projectId,
      ...draftToSave(this.draft),
    });
    if (!result.ok) this.error = result.error;
    this.saveState = 'saved';
    await this.refreshDerived();
  }

  /** Label base rate, group table and split sizes for the current draft; stale answers are discarded. */
  async refreshDerived(): Promise<void> {
    const draft = this.draft;
    if (!draft || !this.summary) return;
    const generation = ++this.#generation;
    const label = draft.data.label;
    const [labelResult, groupResult] = await Promise.all([
      label ? this.#api.invoke('datasets:label-stats', { projectId: this.projectId, label }) : Promise.resolve(null),
      draft.groups && draft.groups.attributes.length
        ? this.#api.invoke('datasets:groups', {
            projectId: this.projectId,
            groups: draft.groups,
            ...(label ? { label } : {}),
          })
        : Promise.resolve(null),
    ]);
    if (generation !== this.#generation) return;
    this.labelStats = labelResult?.ok ? labelResult.data : null;
    this.labelError = labelResult && !labelResult.ok ? labelResult.error : null;
    this.groupTable = groupResult?.ok ? groupResult.data : null;
    this.groupError = groupResult && !groupResult.ok ? groupResult.error : null;
    this.leakage = [];
    if (label && labelResult?.ok) void this.#checkLeakage(generation, label);
    if (labelResult?.ok && groupResult?.ok) {
      const split = await this.#api.invoke('datasets:split-stats', { projectId: this.projectId });
      if (generation !== this.#generation) return;
      this.splitTable = split.ok ? split.data : null;
      this.splitError = split.ok ? null : split.error;
    } else {
      this.splitTable = null;
      this.splitError = null;
    }
  }

  async #checkLeakage(generation: number, label: LabelSpec): Promise<void> {
    const res = await this.#api.invoke('datasets:leakage', { projectId: this.projectId, label });
    if (generation === this.#generation) this.leakage = res.ok ? res.data : [];
  }

  /** Preview rows [start, end): windows of PREVIEW_WINDOW rows fetched from main on demand. */
  rows(start: number, end: number): (readonly (string | number | boolean | null)[] | null)[] {
    const out: (readonly (string | number | boolean | null)[] | null)[] = [];
    for (let r = start; r < end; r++) {
      const w = Math.floor(r / PREVIEW_WINDOW) * PREVIEW_WINDOW;
      const window = this.previewWindows.get(w);
      if (!window) {
        void this.#fetchWindow(w);
        out.push(null);
      } else out.push(window.rows[r - w] ?? null);
    }
    return out;
  }

  /** Shows or hides personal columns' values: the loaded windows are refetched. */
  setRevealPersonal(reveal: boolean): void {
    this.revealPersonal = reveal;
    this.previewWindows = new Map();
    this.#pendingWindows.clear();
  }

  async #fetchWindow(offset: number): Promise<void> {
    if (this.#pendingWindows.has(offset)) return;
    this.#pendingWindows.add(offset);
    const result = await this.#api.invoke('datasets:preview', {
      projectId: this.projectId,
      offset,
      limit: PREVIEW_WINDOW,
      revealPersonal: this.revealPersonal,
    });
    if (result.ok) this.previewWindows = new Map(this.previewWindows).set(offset, result.data);
    else this.#pendingWindows.delete(offset);
  }
}
