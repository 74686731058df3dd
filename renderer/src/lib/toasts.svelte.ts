import type { ErrorPayload } from '../../../shared/errors';
import { describeError } from './errors';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  title: string;
  message: string;
}

const AUTO_DISMISS_MS = 8000;

/** Transient notices (errors from actions, global error handlers, start-up notices). */
class ToastManager {
  items = $state<Toast[]>([]);
  #next = 1;

  error(error: ErrorPayload): void {
    const { title, message } = describeError(error);
    this.#push({ kind: 'error', title, message });
  }

  info(title: string, message = ''): void {
    this.#push({ kind: 'info', title, message });
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  #push(toast: Omit<Toast, 'id'>): void {
    const id = this.#next++;
    this.items = [...this.items.slice(-4), { ...toast, id }];
    if (toast.kind === 'info') setTimeout(() => this.dismiss(id), AUTO_DISMISS_MS);
  }
}

export const toasts = new ToastManager();
