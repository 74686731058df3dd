import type { ErrorPayload } from '../../../../shared/errors';
import type { Project } from '../../../../shared/project';
import type { ApiClient } from '../../lib/api-client';

/** The open project's manifest for the header; reloads when main reports a change to it. */
export class ProjectHeader {
  project = $state.raw<Project | null>(null);
  error = $state<ErrorPayload | null>(null);
  readonly #id: string;
  readonly #api: ApiClient;

  constructor(id: string, api: ApiClient) {
    this.#id = id;
    this.#api = api;
  }

  start(): () => void {
    void this.load();
    return this.#api.on('projects:changed', ({ id }) => {
      if (id === this.#id) void this.load();
    });
  }

  async load(): Promise<void> {
    const result = await this.#api.invoke('projects:get', { id: this.#id });
    if (result.ok) {
      this.project = result.data;
      this.error = null;
    } else {
      this.error = result.error;
    }
  }
}
