import { events, type EventName, type EventPayload } from '../../../shared/ipc/contract.js';
import type { Logger } from '../log/logger.js';
import type { EventSink } from './handler-types.js';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fans events out to every transport adapter (Electron windows, WebSocket clients). */
export class EventHub implements EventSink {
  readonly #listeners = new Set<EventListener>();
  readonly #log: Logger;
  readonly #validate: boolean;

  constructor(log: Logger, validate: boolean) {
    this.#log = log;
    this.#validate = validate;
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.#validate) {
      const schema = events[event] as { safeParse(value: unknown): { success: boolean } };
      if (!schema.safeParse(payload).success) {
        this.#log.log('error', `Event ${event} violates the contract; dropped`, { payload });
        return;
      }
    }
    for (const listener of this.#listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        this.#log.log('error', `Event listener failed for ${event}`, { error });
      }
    }
  }
}
