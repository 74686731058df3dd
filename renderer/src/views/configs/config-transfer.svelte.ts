import type { ErrorPayload, Result } from '../../../../shared/errors';
import type { ResponseOf } from '../../../../shared/ipc/contract';
import type { ApiClient } from '../../lib/api-client';
import { needsDataFile } from './config-errors';

/** Saves text as a file through the browser's download (works in the shell and the headless host alike). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** State of exporting a project's task as a config file and importing a config file as a new project. */
export class ConfigTransfer {
  busy = $state(false);
  error = $state<ErrorPayload | null>(null);
  warnings = $state<string[]>([]);
  /** Set when the config was read but its data file was not: the next step is picking that file. */
  pendingJson = $state<string | null>(null);
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async exportConfig(projectId: string): Promise<void> {
    await this.#run(async () => {
      const result = await this.#api.invoke('configs:export', { projectId });
      if (!result.ok) return result.error;
      this.warnings = result.data.warnings;
      downloadText(result.data.fileName, result.data.json);
      return null;
    });
  }

  /** Resolves with the new project's id, or null (error or data file needed: see error / pendingJson). */
  async importConfig(file: File): Promise<string | null> {
    const json = await file.text();
    if (!isJson(json)) {
      // A data file picked here by mistake (the commonest slip) would otherwise read "config text is larger than 1 MB".
      this.pendingJson = null;
      this.error = {
        code: 'invalid-config',
        message:
          `${file.name} is not a task config: a config is a JSON file saved by "Export config" or written for ` +
          '`fairbound run`. To load a dataset, use "Choose file…" in a project\'s Data tab.',
      };
      return null;
    }
    return this.#import(json, () => this.#api.invoke('configs:import', { json }));
  }

  /** Hides the last error (the user has read it). */
  dismissError(): void {
    this.error = null;
  }

  async importWithData(dataFile: File): Promise<string | null> {
    const json = this.pendingJson;
    if (json === null) return null;
    const source = await this.#api.importFile(dataFile);
    if (!source.ok) {
      this.error = source.error;
      return null;
    }
    return this.#import(json, () => this.#api.invoke('configs:import', { json, data: source.data }));
  }

  cancelPending(): void {
    this.pendingJson = null;
    this.error = null;
  }

  async #import(json: string, call: () => Promise<Result<ResponseOf<'configs:import'>>>): Promise<string | null> {
    let projectId: string | null = null;
    await this.#run(async () => {
      const result = await call();
      if (!result.ok) {
        this.pendingJson = needsDataFile(result.error) ? json : null;
        return result.error;
      }
      this.pendingJson = null;
      projectId = result.data.projectId;
      return null;
    });
    return projectId;
  }

  async #run(action: () => Promise<ErrorPayload | null>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.warnings = [];
    try {
      this.error = await action();
    } finally {
      this.busy = false;
    }
  }
}
