import type { ErrorPayload } from '../../../shared/errors';
import type { ResponseOf } from '../../../shared/ipc/contract';
import type { ApiClient } from './api-client';
import { toasts } from './toasts.svelte';

/** Start-up: ask main who it is, surface its notices, and mark the page ready for people and tests. */
class AppState {
  info = $state.raw<ResponseOf<'app:info'> | null>(null);
  error = $state<ErrorPayload | null>(null);

  async start(api: ApiClient): Promise<void> {
    const result = await api.invoke('app:info', {});
    if (!result.ok) {
      this.error = result.error;
      document.body.dataset['appState'] = 'error';
      return;
    }
    this.info = result.data;
    for (const notice of result.data.notices) toasts.info('Notice', notice);
    document.body.dataset['appState'] = 'ready';
  }
}

export const appState = new AppState();
