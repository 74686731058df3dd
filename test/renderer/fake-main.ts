import type { ErrorPayload, Result } from '../../shared/errors';
import {
  contract,
  events,
  type Channel,
  type EventName,
  type EventPayload,
  type ParsedRequestOf,
  type RequestOf,
  type ResponseOf,
} from '../../shared/ipc/contract';
import type { FileSource } from '../../shared/ipc/file-source';
import { createApi, type ApiClient } from '../../renderer/src/lib/api-client';
import type { Transport } from '../../renderer/src/lib/transport';

type Reply<C extends Channel> = ResponseOf<C> | { error: ErrorPayload };

/**
 * Main as a renderer state module sees it, behind the real ApiClient over a fake transport: tests script the replies
 * of channels and replay events. Every request, reply and event is checked against the IPC contract, so a state module
 * can only be fed (and can only send) what the real main would accept.
 */
export class FakeMain {
  readonly api: ApiClient;
  /** Every request the renderer sent, in order (as the contract parses it). */
  readonly calls: { channel: Channel; request: unknown }[] = [];
  readonly #handlers = new Map<Channel, (request: unknown) => unknown>();
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  importFileReply: Result<FileSource> = { ok: true, data: { kind: 'path', path: '/tmp/data.csv' } };

  constructor() {
    const transport: Transport = {
      kind: 'http',
      invoke: (channel, payload) => this.#invoke(channel as Channel, payload),
      on: (event, listener) => {
        const set = this.#listeners.get(event) ?? new Set();
        this.#listeners.set(event, set);
        set.add(listener);
        return () => set.delete(listener);
      },
      importFile: async () => this.importFileReply,
      onReconnect: () => () => undefined,
    };
    this.api = createApi(transport);
  }

  /** Scripts a channel's reply (a value, { error }, or a function of the request; may be async). */
  handle<C extends Channel>(
    channel: C,
    reply: Reply<C> | ((request: ParsedRequestOf<C>) => Reply<C> | Promise<Reply<C>>),
  ): this {
    this.#handlers.set(channel, (request) =>
      typeof reply === 'function' ? (reply as (r: unknown) => unknown)(request) : reply,
    );
    return this;
  }

  /** Pushes an event from main to every subscribed listener (checked against the contract first). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].parse(payload);
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(parsed);
  }

  /** Listeners currently subscribed to an event (0 after a state module's cleanup). */
  listeners(event: EventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  requests<C extends Channel>(channel: C): ParsedRequestOf<C>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request as ParsedRequestOf<C>);
  }

  async #invoke(channel: Channel, payload: unknown): Promise<Result<unknown>> {
    const request = contract[channel].request.parse(payload as RequestOf<typeof channel>);
    this.calls.push({ channel, request });
    const handler = this.#handlers.get(channel);
    if (!handler) throw new Error(`the test did not expect a call to ${channel}`);
    const reply = (await handler(request)) as { error?: ErrorPayload };
    if (reply && typeof reply === 'object' && 'error' in reply && reply.error) return { ok: false, error: reply.error };
    return { ok: true, data: contract[channel].response.parse(reply) };
  }
}

/** Lets every pending promise callback run (the state modules chain a few awaits per action). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
