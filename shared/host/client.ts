import type { HostResult } from './dispatch';
import type { HostArgs, HostEvent, HostEventPayload, HostMethod, HostValue } from './contract/index';

/** What the renderer holds: the contract, whichever transport carries it. */
export type HostClient = {
  call<M extends HostMethod>(method: M, args: HostArgs<M>): Promise<HostResult<HostValue<M>>>;
  /** Payload-only callback; returns its own unsubscribe. */
  subscribe<E extends HostEvent>(event: E, listener: (payload: HostEventPayload<E>) => void): () => void;
};

/**
 * What the Electron preload exposes on `window.wrmHost`: one function per method and one subscribe
 * function per event, generated from the contract (never a generic send/invoke/on).
 */
export type PreloadHostApi = {
  readonly methods: { readonly [M in HostMethod]: (args: HostArgs<M>) => Promise<HostResult<HostValue<M>>> };
  readonly events: {
    readonly [E in HostEvent]: (listener: (payload: HostEventPayload<E>) => void) => () => void;
  };
};

export const ipcMethodChannel = (method: string): string => `host:${method}`;
export const ipcEventChannel = (event: string): string => `host-event:${event}`;
