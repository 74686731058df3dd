import type { ErrorPayload } from '../../../../shared/errors';
import type { ResponseOf } from '../../../../shared/ipc/contract';
import type { ApiClient } from '../../lib/api-client';
import { appState } from '../../lib/app-state.svelte';

const MIME: Record<string, string> = { onnx: 'application/octet-stream', json: 'application/json', csv: 'text/csv' };

/** The file name at the end of a host path (either separator). */
export function baseName(filePath: string): string {
  return filePath.split(/[\\/]/).pop() ?? filePath;
}

/** State of using a run outside the app: its ONNX export (with model card) and scoring a file with it. */
export class ModelActions {
  busy = $state<'export' | 'score' | null>(null);
  exported = $state.raw<ResponseOf<'models:export'> | null>(null);
  scored = $state.raw<ResponseOf<'models:score'> | null>(null);
  error = $state.raw<ErrorPayload | null>(null);

  readonly #api: ApiClient;

  constructor(
    readonly projectId: string,
    api: ApiClient,
  ) {
    this.#api = api;
  }

  async exportOnnx(runRef: string): Promise<void> {
    await this.#run('export', async () => {
      const result = await this.#api.invoke('models:export', { projectId: this.projectId, runRef });
      if (!result.ok) return result.error;
      this.exported = result.data;
      // In a browser the project folder is on the host, not here: the files come down as downloads.
      if (this.#inBrowser()) {
        const names = [result.data.onnxPath, result.data.cardPath].filter((p): p is string => p !== null);
        for (const name of names.map(baseName)) {
          const error = await this.#download(name);
          if (error) return error;
        }
      }
      return null;
    });
  }

  /** Downloads a file this panel wrote (model, model card, scores) through the browser. */
  async download(filePath: string): Promise<void> {
    this.error = await this.#download(baseName(filePath));
  }

  #inBrowser(): boolean {
    return appState.info?.transport === 'http';
  }

  async #download(name: string): Promise<ErrorPayload | null> {
    const result = await this.#api.invoke('models:export-file', { projectId: this.projectId, name });
    if (!result.ok) return result.error;
    const bytes = Uint8Array.from(atob(result.data.base64), (c) => c.charCodeAt(0));
    const type = MIME[name.split('.').pop() ?? ''] ?? 'application/octet-stream';
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return null;
  }

  async scoreFile(runRef: string, file: File): Promise<void> {
    await this.#run('score', async () => {
      const source = await this.#api.importFile(file);
      if (!source.ok) return source.error;
      const result = await this.#api.invoke('models:score', { projectId: this.projectId, runRef, data: source.data });
      if (!result.ok) return result.error;
      this.scored = result.data;
      return this.#inBrowser() ? this.#download(baseName(result.data.outPath)) : null;
    });
  }

  async #run(kind: 'export' | 'score', action: () => Promise<ErrorPayload | null>): Promise<void> {
    this.busy = kind;
    this.error = null;
    try {
      this.error = await action();
    } finally {
      this.busy = null;
    }
  }
}
