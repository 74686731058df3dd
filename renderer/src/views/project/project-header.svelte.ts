import type { ErrorPayload } from '../../../../shared/errors';
import type { Project } from '../../../../shared/project';
import { api } from '../../lib/api';

/** The open project's manifest for the header; reloads when main reports a change to it. */
export class ProjectHeader {
  project = $state.raw<Project | null>(null);
  error = $state<ErrorPayload | null>(null);
  readonly #id: string;

  constructor(id: string) {
    this.#id = id;
  }

  start(): () => void {
    void this.load();
    return api.on('projects:changed', ({ id }) => {
      if (id === this.#id) void this.load();
    });
  }

  async load(): Promise<void> {
    const result = await api.invoke('projects:get', { id: this.#id });
    if (result.ok) {
      this.project = result.data;
      this.error = null;
    } else {
      this.error = result.error;
    }
  }
}
