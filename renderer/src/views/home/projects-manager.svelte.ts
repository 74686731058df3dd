import type { ErrorPayload } from '../../../../shared/errors';
import type { Project, ProjectSummary } from '../../../../shared/project';
import type { ApiClient } from '../../lib/api-client';
import { toasts } from '../../lib/toasts.svelte';

/** The home screen's state: the project list, kept fresh by projects:changed events. */
export class ProjectsManager {
  projects = $state.raw<ProjectSummary[]>([]);
  loaded = $state(false);
  loadError = $state<ErrorPayload | null>(null);
  busy = $state(false);
  #unsubscribe: (() => void) | null = null;
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  start(): () => void {
    this.#unsubscribe ??= this.#api.on('projects:changed', () => void this.refresh());
    void this.refresh();
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = null;
    };
  }

  async refresh(): Promise<void> {
    const result = await this.#api.invoke('projects:list', {});
    if (result.ok) {
      this.projects = result.data;
      this.loadError = null;
    } else {
      this.loadError = result.error;
    }
    this.loaded = true;
  }

  /** Runs one user action; errors become toasts, the list is refreshed either way. */
  async #act<T>(action: () => Promise<{ ok: true; data: T } | { ok: false; error: ErrorPayload }>): Promise<T | null> {
    this.busy = true;
    try {
      const result = await action();
      if (!result.ok) {
        toasts.error(result.error);
        return null;
      }
      return result.data;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  create(name: string, fromSample: boolean): Promise<Project | null> {
    return this.#act(() => this.#api.invoke('projects:create', { name, fromSample }));
  }

  rename(id: string, name: string): Promise<Project | null> {
    return this.#act(() => this.#api.invoke('projects:rename', { id, name }));
  }

  duplicate(id: string): Promise<Project | null> {
    return this.#act(() => this.#api.invoke('projects:duplicate', { id }));
  }

  remove(id: string): Promise<{ id: string } | null> {
    return this.#act(() => this.#api.invoke('projects:delete', { id }));
  }
}
