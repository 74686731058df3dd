import type { AuditResult } from '../../../../shared/audit';
import type { ErrorPayload } from '../../../../shared/errors';
import type { AuditableRun } from '../../../../shared/ipc/channels/audit';
import type { ReportContextFields } from '../../../../shared/project';
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
  exported = $state.raw<{ pdfPath: string; jsonPath: string; csvPath: string } | null>(null);
  error = $state.raw<ErrorPayload | null>(null);
  #request = 0;
  readonly #api: ApiClient;
  #contextTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(projectId: string, api: ApiClient) {
    this.projectId = projectId;
    this.#api = api;
  }

  async load(): Promise<void> {
    const [res, context] = await Promise.all([
      this.#api.invoke('audit:runs', { projectId: this.projectId }),
      this.#api.invoke('audit:context', { projectId: this.projectId }),
    ]);
    if (context.ok) this.context = context.data;
    else toasts.error(context.error);
    this.loaded = true;
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
    const res = await this.#api.invoke('audit:save-context', { projectId: this.projectId, context: $state.snapshot(this.context) });
    // A later edit may be waiting to be saved already; its own save reports on it.
    if (this.#contextTimer === undefined) this.contextState = res.ok ? 'saved' : 'failed';
    if (!res.ok) toasts.error(res.error);
    return res.ok;
  }

  /** Exports with the report details as saved in the project (saved first), so the record matches the report. */
  async exportPdf(): Promise<void> {
    if (!this.runRef) return;
    this.exporting = true;
    this.error = null;
    if (!(await this.flushContext())) {
      this.exporting = false;
      return;
    }
    const res = await this.#api.invoke('audit:export', {
      projectId: this.projectId,
      runRef: this.runRef,
      ...(this.baselineRef ? { baselineRef: this.baselineRef } : {}),
      threshold: this.threshold,
      references: this.references,
    });
    this.exporting = false;
    if (res.ok) this.exported = res.data;
    else this.error = res.error;
  }
}
