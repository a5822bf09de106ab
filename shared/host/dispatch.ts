import type { z } from 'zod';
import { CodedError, fail, ok, type Result } from '../result';
import {
  hostContract,
  isHostMethod,
  type HostEvent,
  type HostEventPayload,
  type HostMethod,
  type HostParsedArgs,
  type HostValue,
} from './contract/index';

/** Who is calling: the transport that carried the call. Handlers may use it for logging only. */
export type HostCallContext = { readonly transport: 'ipc' | 'websocket' };

export type HostHandler<M extends HostMethod> = (
  args: HostParsedArgs<M>,
  context: HostCallContext,
) => Promise<HostValue<M>> | HostValue<M>;

/** The host side of the contract: one handler per method; a missing one is a compile error. */
export type HostHandlers = { readonly [M in HostMethod]: HostHandler<M> };

export type HostEventSink = <E extends HostEvent>(event: E, payload: HostEventPayload<E>) => void;

export type HostResult<T> = Result<T>;

/** Renders zod issues as one line naming each offending argument, e.g. `baudRate: expected number`. */
export function describeArgumentIssues(method: string, error: z.ZodError): string {
  const parts = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(arguments)';
    return `${path}: ${issue.message}`;
  });
  return `${method}: invalid argument — ${parts.join('; ')}`;
}

/**
 * Validates and runs one host call. Pure over its inputs so both transports share it: the method name
 * and arguments arrive as `unknown` from an untrusted renderer, and the answer is always a result —
 * a handler that throws never takes the host down.
 */
export async function dispatchHostCall(
  handlers: HostHandlers,
  method: unknown,
  args: unknown,
  context: HostCallContext,
): Promise<HostResult<unknown>> {
  if (!isHostMethod(method)) {
    return fail(
      'unknown-method',
      `unknown host method: ${typeof method === 'string' ? method : typeof method}`,
    );
  }
  const parsed = hostContract[method].args.safeParse(args ?? {});
  if (!parsed.success) {
    return fail('invalid-argument', describeArgumentIssues(method, parsed.error));
  }
  const handler = handlers[method] as (a: unknown, c: HostCallContext) => unknown;
  try {
    return ok(await handler(parsed.data, context));
  } catch (error) {
    if (error instanceof CodedError) {
      return { ok: false, error: error.toFailure() };
    }
    const message = error instanceof Error ? error.message : String(error);
    return fail('internal', `${method}: ${message}`);
  }
}
