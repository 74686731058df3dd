import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { FairboundError, type ErrorPayload, type Result } from '../../../shared/errors.js';
import { contract, type Channel, type RequestOf, type ResponseOf } from '../../../shared/ipc/contract.js';
import type { Logger } from '../log/logger.js';
import type { HandlerContext, HandlerMap } from './handler-types.js';

/** Typed for a known channel and request; untyped for anything a transport received (which is validated anyway). */
export interface Dispatch {
  <C extends Channel>(channel: C, payload: RequestOf<C>, ctx: HandlerContext): Promise<Result<ResponseOf<C>>>;
  (channel: string, payload: unknown, ctx: HandlerContext): Promise<Result<unknown>>;
}

export interface DispatcherOptions {
  log: Logger;
  /** Parse every response against the contract too (dev and test): a handler bug surfaces as 'internal'. */
  validateResponses: boolean;
}

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** zod issues as plain JSON (paths may hold symbols, which JSON drops). */
export function describeIssues(error: z.ZodError): { path: string; code: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

function failure(error: ErrorPayload): Result<never> {
  return { ok: false, error };
}

/**
 * The transport-agnostic entry point: validates the channel and payload, runs the handler, and turns every
 * outcome into a Result. Nothing a renderer sends can make it throw.
 */
export function createDispatcher(handlers: HandlerMap, options: DispatcherOptions): Dispatch {
  const incident = (channel: string, error: unknown, what: string): Result<never> => {
    const id = randomUUID();
    options.log.log('error', `${what} on ${channel}`, { incident: id, error });
    return failure({
      code: 'internal',
      message: `Something went wrong (incident ${id}). Details are in the log.`,
      details: { incident: id },
    });
  };

  const dispatch = async (channel: string, payload: unknown, ctx: HandlerContext): Promise<Result<unknown>> => {
    if (typeof channel !== 'string' || !isChannel(channel)) {
      return failure({ code: 'unknown-channel', message: `There is no request named "${String(channel)}".` });
    }
    const def = contract[channel];
    const parsed = def.request.safeParse(payload);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      const first = issues[0];
      const where = first === undefined ? '' : `: ${first.path === '' ? '' : `${first.path}: `}${first.message}`;
      return failure({
        code: 'invalid-payload',
        message: `Invalid request for ${channel}${where}.`,
        details: { issues },
      });
    }
    const handler = handlers[channel] as ((request: unknown, ctx: HandlerContext) => Promise<unknown>) | undefined;
    if (handler === undefined)
      return failure({ code: 'unknown-channel', message: `${channel} is not available in this build.` });
    let data: unknown;
    try {
      data = await handler(parsed.data, ctx);
    } catch (error) {
      if (error instanceof FairboundError) return failure(error.toPayload());
      return incident(channel, error, 'Unhandled error');
    }
    if (options.validateResponses) {
      const checked = def.response.safeParse(data);
      if (!checked.success)
        return incident(
          channel,
          new Error(JSON.stringify(describeIssues(checked.error))),
          'Response violates the contract',
        );
    }
    return { ok: true, data };
  };
  return dispatch as Dispatch;
}
