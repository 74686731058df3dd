import type { ErrorPayload } from '../../../../shared/errors';
import type { ResponseOf } from '../../../../shared/ipc/contract';
import type { ApiClient } from '../../lib/api-client';

/** State of using a run outside the app: its ONNX export (with model card) and scoring a file with it. */
export class ModelActions {
  busy = $state<'export' | 'score' | null>(null);
  /** What the current wait is doing, for the elapsed-time indicator (null when idle). */
  stage = $state<string | null>(null);
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
      this.stage = 'Exporting the model to ONNX';
      const result = await this.#api.invoke('models:export', { projectId: this.projectId, runRef });
      if (!result.ok) return result.error;
      this.exported = result.data;
      return null;
    });
  }

  async scoreFile(runRef: string, file: File): Promise<void> {
    await this.#run('score', async () => {
      this.stage = `Scoring ${file.name}, step 1 of 2: reading the file`;
      const source = await this.#api.importFile(file);
      if (!source.ok) return source.error;
      this.stage = `Scoring ${file.name}, step 2 of 2: running the model on every row`;
      const result = await this.#api.invoke('models:score', { projectId: this.projectId, runRef, data: source.data });
      if (!result.ok) return result.error;
      this.scored = result.data;
      return null;
    });
  }

  async #run(kind: 'export' | 'score', action: () => Promise<ErrorPayload | null>): Promise<void> {
    this.busy = kind;
    this.error = null;
    try {
      this.error = await action();
    } finally {
      this.busy = null;
      this.stage = null;
    }
  }
}
