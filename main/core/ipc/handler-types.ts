import type { Channel, EventName, EventPayload, ParsedRequestOf, ResponseOf } from '../../../shared/ipc/contract.js';

/** Who sent a request: the transport adapter fills this in after checking the sender. */
export interface HandlerContext {
  transport: 'electron' | 'http';
  /** Stable id of the window / websocket connection. */
  senderId: string;
}

export type Handler<C extends Channel> = (request: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>>;
export type HandlerMap = { [C in Channel]: Handler<C> };
export type HandlersFor<Channels extends object> = { [C in keyof Channels & Channel]: Handler<C> };

/** Pushes schema-typed events to every connected renderer. */
export interface EventSink {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}
