import type { AuditResult } from '../../../../shared/audit';
import type { ErrorPayload } from '../../../../shared/errors';
import type { AuditableRun, ReportFile } from '../../../../shared/ipc/channels/audit';
import type { ReportContextFields } from '../../../../shared/project';
import { appState } from '../../lib/app-state.svelte';
import type { ApiClient } from '../../lib/api-client';
import { toasts } from '../../lib/toasts.svelte';

/** Report details are saved this long after the last keystroke. */
const SAVE_DELAY_MS = 400;

/** State of the audit tab: which run, which baseline, the threshold, the computed audit and the last export. */
export class AuditState {
  readonly projectId: string;
  runs = $state.raw<AuditableRun[]>([]);
  runRef = $state<string | null>(null);
  baselineRef = $state<string | null>(null);
  threshold = $state(0.5);
  /** Chosen reference group per table title; tables not listed use the largest group. */
  references = $state.raw<Record<string, string>>({});
  /** Auditor and intended-use fields for the report: loaded from the project, saved back as they are typed. */
  context = $state<ReportContextFields>({});
  contextState = $state<'saved' | 'saving' | 'failed'>('saved');
  result = $state.raw<AuditResult | null>(null);
  loading = $state(false);
  loaded = $state(false);
  exporting = $state(false);
  /** Share of the audit being computed that is done (audit:progress), null before main's first report. */
  computeProgress = $state<number | null>(null);
  /** Where the export under way is: its bootstrap's share done, then printing (no share: Chromium reports none). */
  exportProgress = $state<{ stage: 'bootstrap' | 'printing'; fraction: number } | null>(null);
  exported = $state.raw<{ pdfPath: string; jsonPath: string; csvPath: string } | null>(null);
  error = $state.raw<ErrorPayload | null>(null);
  /** The project's past reports, newest first. */
  reports = $state.raw<ReportFile[]>([]);
  #request = 0;
  /** The run being exported (the run picker may change meanwhile). */
  #exportRef: string | null = null;
  readonly #api: ApiClient;
  #contextTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(projectId: string, api: ApiClient) {
    this.projectId = projectId;
    this.#api = api;
  }

  /** Follows main's progress reports for this project's audits; returns the unsubscribe (the tab's cleanup). */
  listen(): () => void {
    return this.#api.on('audit:progress', ({ projectId, runRef, task, stage, fraction }) => {
      if (projectId !== this.projectId) return;
      if (task === 'compute' && this.loading && runRef === this.runRef) this.computeProgress = fraction;
      if (task === 'export' && this.exporting && runRef === this.#exportRef) this.exportProgress = { stage, fraction };
    });
  }

  async load(): Promise<void> {
    const [res, context, project] = await Promise.all([
      this.#api.invoke('audit:runs', { projectId: this.projectId }),
      this.#api.invoke('audit:context', { projectId: this.projectId }),
      this.#api.invoke('projects:get', { id: this.projectId }),
    ]);
    if (context.ok) this.context = context.data;
    else toasts.error(context.error);
    // The threshold last used here, else the task's (the one training evaluated with).
    if (project.ok) {
      const task = project.data.task?.['threshold'];
      this.threshold = project.data.auditThreshold ?? (typeof task === 'number' ? task : 0.5);
    }
    this.loaded = true;
    void this.loadReports();
    if (!res.ok) {
      this.error = res.error;
      return;
    }
    this.runs = res.data;
    // Default: the newest constrained run, against the newest unconstrained one.
    this.runRef = res.data.find((r) => r.constrained)?.ref ?? res.data[0]?.ref ?? null;
    this.baselineRef = res.data.find((r) => !r.constrained && r.ref !== this.runRef)?.ref ?? null;
    if (this.runRef) await this.compute();
  }

  /** Recomputes; a slower earlier request that returns late is ignored. */
  async compute(): Promise<void> {
    if (!this.runRef) return;
    const id = ++this.#request;
    this.loading = true;
    this.computeProgress = null;
    this.error = null;
    const res = await this.#api.invoke('audit:compute', {
      projectId: this.projectId,
      runRef: this.runRef,
      ...(this.baselineRef ? { baselineRef: this.baselineRef } : {}),
      threshold: this.threshold,
      references: this.references,
    });
    if (id !== this.#request) return;
    this.loading = false;
    if (res.ok) this.result = res.data;
    else this.error = res.error;
  }

  /** A new threshold: saved in the project (so a restart keeps it) and the audit recomputed. */
  async setThreshold(threshold: number): Promise<void> {
    this.threshold = threshold;
    void this.compute();
    const res = await this.#api.invoke('audit:save-threshold', { projectId: this.projectId, threshold });
    if (!res.ok) toasts.error(res.error);
  }

  /**
   * Stops the audit being computed: main ends its bootstrap, and the tab goes back to the last result (the cancelled
   * request's answer is dropped).
   */
  async cancelCompute(): Promise<void> {
    const runRef = this.runRef;
    this.#request++;
    this.loading = false;
    this.computeProgress = null;
    if (runRef === null) return;
    const res = await this.#api.invoke('audit:cancel', { projectId: this.projectId, runRef, task: 'compute' });
    if (!res.ok) toasts.error(res.error);
  }

  /** Stops the export under way: main stops the bootstrap or the print and writes no file. */
  async cancelExport(): Promise<void> {
    const runRef = this.#exportRef;
    if (runRef === null) return;
    const res = await this.#api.invoke('audit:cancel', { projectId: this.projectId, runRef, task: 'export' });
    if (!res.ok) toasts.error(res.error);
  }

  setReference(table: string, group: string): void {
    this.references = { ...this.references, [table]: group };
    void this.compute();
  }

  /** Debounced save of the report details into the project. */
  scheduleContextSave(): void {
    clearTimeout(this.#contextTimer);
    this.contextState = 'saving';
    this.#contextTimer = setTimeout(() => void this.saveContext(), SAVE_DELAY_MS);
  }

  /** Saves the report details now if a save is pending (leaving the tab, exporting); false when saving failed. */
  async flushContext(): Promise<boolean> {
    if (this.#contextTimer === undefined && this.contextState === 'saved') return true;
    return this.saveContext();
  }

  async saveContext(): Promise<boolean> {
    clearTimeout(this.#contextTimer);
    this.#contextTimer = undefined;
    const res = await this.#api.invoke('audit:save-context', {
      projectId: this.projectId,
      context: $state.snapshot(this.context),
    });
    // A later edit may be waiting to be saved already; its own save reports on it.
    if (this.#contextTimer === undefined) this.contextState = res.ok ? 'saved' : 'failed';
    if (!res.ok) toasts.error(res.error);
    return res.ok;
  }

  /** Exports with the report details as saved in the project (saved first), so the record matches the report. */
  async exportPdf(): Promise<void> {
    if (!this.runRef) return;
    const runRef = this.runRef;
    this.exporting = true;
    this.exportProgress = null;
    this.#exportRef = runRef;
    this.error = null;
    if (!(await this.flushContext())) {
      this.exporting = false;
      return;
    }
    const res = await this.#api.invoke('audit:export', {
      projectId: this.projectId,
      runRef,
      ...(this.baselineRef ? { baselineRef: this.baselineRef } : {}),
      threshold: this.threshold,
      references: this.references,
    });
    this.exporting = false;
    this.exportProgress = null;
    this.#exportRef = null;
    if (!res.ok) {
      if (res.error.code === 'cancelled') toasts.info('Export cancelled', 'No report was written.');
      else this.error = res.error;
      return;
    }
    this.exported = res.data;
    await this.loadReports();
    // In a browser the data folder is on the host, not here: the report comes down as a download.
    if (appState.info?.transport === 'http') await this.saveReport(res.data.pdfPath.split(/[\\/]/).pop() ?? '');
  }

  async loadReports(): Promise<void> {
    const res = await this.#api.invoke('audit:reports', { projectId: this.projectId });
    if (res.ok) this.reports = res.data;
    else toasts.error(res.error);
  }

  async #reportUrl(name: string): Promise<string | null> {
    const res = await this.#api.invoke('audit:report-file', { projectId: this.projectId, name });
    if (!res.ok) {
      toasts.error(res.error);
      return null;
    }
    const bytes = Uint8Array.from(atob(res.data.base64), (c) => c.charCodeAt(0));
    return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  }

  /** Downloads a report through the browser (the shell and the headless host alike). */
  async saveReport(name: string): Promise<void> {
    const url = await this.#reportUrl(name);
    if (url === null) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** Shows a report in a new window (the browser's PDF viewer). */
  async openReport(name: string): Promise<void> {
    const url = await this.#reportUrl(name);
    if (url === null) return;
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async deleteReport(name: string): Promise<void> {
    const res = await this.#api.invoke('audit:delete-report', { projectId: this.projectId, name });
    if (!res.ok) toasts.error(res.error);
    if (this.exported?.pdfPath.endsWith(name)) this.exported = null;
    await this.loadReports();
  }
}
