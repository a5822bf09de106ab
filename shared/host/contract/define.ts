import type { z } from 'zod';

/**
 * One host method: its argument schema (validated at runtime on the host side of both transports) and,
 * as a phantom type, the value it resolves to. Every method takes exactly one argument object.
 */
export type MethodSpec<A extends z.ZodType, R> = {
  readonly args: A;
  /** Phantom: never set at run time; carries the result type. */
  readonly result?: R;
};

export function method<R>() {
  return <A extends z.ZodType>(args: A): MethodSpec<A, R> => ({ args });
}

/** One event the host pushes to the renderer; the payload type is phantom. */
export type EventSpec<P> = { readonly payload?: P };

export function event<P>(): EventSpec<P> {
  return {};
}
