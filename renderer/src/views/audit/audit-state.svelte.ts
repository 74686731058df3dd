import type { AuditResult } from '../../../../shared/audit';
import type { ErrorPayload } from '../../../../shared/errors';
import type { AuditableRun } from '../../../../shared/ipc/channels/audit';
import type { RequestOf } from '../../../../shared/ipc/contract';
import { api } from '../../lib/api';

export type ReportContextInput = NonNullable<RequestOf<'audit:export'>['context']>;

/** State of the audit tab: which run, which baseline, the threshold, the computed audit and the last export. */
export class AuditState {
  readonly projectId: string;
  runs = $state.raw<AuditableRun[]>([]);
  runRef = $state<string | null>(null);
  baselineRef = $state<string | null>(null);
  threshold = $state(0.5);
  /** Chosen reference group per table title; tables not listed use the largest group. */
  references = $state.raw<Record<string, string>>({});
  /** Auditor and intended-use fields for the PDF (kept while the tab is open). */
  context = $state<ReportContextInput>({});
  result = $state.raw<AuditResult | null>(null);
  loading = $state(false);
  loaded = $state(false);
  exporting = $state(false);
  exported = $state.raw<{ pdfPath: string; jsonPath: string; csvPath: string } | null>(null);
  error = $state.raw<ErrorPayload | null>(null);
  #request = 0;

  constructor(projectId: string) {
    this.projectId = projectId;
  }

  async load(): Promise<void> {
    const res = await api.invoke('audit:runs', { projectId: this.projectId });
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
    const res = await api.invoke('audit:compute', {
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

  async exportPdf(): Promise<void> {
    if (!this.runRef) return;
    this.exporting = true;
    this.error = null;
    const res = await api.invoke('audit:export', {
      projectId: this.projectId,
      runRef: this.runRef,
      ...(this.baselineRef ? { baselineRef: this.baselineRef } : {}),
      threshold: this.threshold,
      references: this.references,
      context: Object.fromEntries(Object.entries(this.context).filter(([, v]) => typeof v === 'string' && v.trim() !== '')),
    });
    this.exporting = false;
    if (res.ok) this.exported = res.data;
    else this.error = res.error;
  }
}
