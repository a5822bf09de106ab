import type { HostClient } from '#shared/host/client';
import type { HostEvent, HostEventPayload } from '#shared/host/contract/index';
import type { HostResult } from '#shared/host/dispatch';
import type { WebServerFrame } from '#shared/host/web-wire';
import { webHostSocketPath } from '#shared/host/web-wire';
import { fail } from '#shared/result';

const tokenKey = 'wrm.webHostToken';

/**
 * Takes the per-launch token from the URL fragment the web host printed (`#token=…`), keeps it for
 * this tab only, and removes it from the address bar.
 */
export function takeLaunchToken(location: Location, storage: Storage, history: History): string | null {
  const match = /^#token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1] !== undefined) {
    storage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    return match[1];
  }
  return storage.getItem(tokenKey);
}

type Pending = { resolve: (result: HostResult<unknown>) => void; timer: ReturnType<typeof setTimeout> };

export type WebHostClientOptions = {
  readonly socketUrl: string;
  readonly callTimeoutMs?: number;
  readonly onConnectionChange?: (connected: boolean) => void;
};

/** The web shell's transport: the host contract over a WebSocket, reconnecting with backoff. */
export function createWebHostClient(options: WebHostClientOptions): HostClient & { close(): void } {
  const callTimeoutMs = options.callTimeoutMs ?? 60_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let closed = false;
  let retryMs = 250;

  const connect = () => {
    const ws = new WebSocket(options.socketUrl);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      options.onConnectionChange?.(true);
      for (const text of queue.splice(0)) {
        ws.send(text);
      }
    };
    ws.onmessage = (message: MessageEvent<string>) => {
      const frame = JSON.parse(message.data) as WebServerFrame;
      if (frame.t === 'result') {
        if (frame.id === null) {
          return;
        }
        const waiting = pending.get(frame.id);
        if (waiting) {
          clearTimeout(waiting.timer);
          pending.delete(frame.id);
          waiting.resolve(frame.result);
        }
      } else {
        for (const listener of listeners.get(frame.event) ?? []) {
          listener(frame.payload);
        }
      }
    };
    ws.onclose = () => {
      options.onConnectionChange?.(false);
      socket = null;
      for (const [id, waiting] of pending) {
        clearTimeout(waiting.timer);
        waiting.resolve(fail('unavailable', 'the host connection closed during the call'));
        pending.delete(id);
      }
      if (!closed) {
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 5_000);
      }
    };
  };
  connect();

  return {
    call: (method, args) =>
      new Promise((resolve) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(fail('timeout', `${method}: the host did not answer within ${callTimeoutMs} ms`));
        }, callTimeoutMs);
        pending.set(id, { resolve: resolve as (r: HostResult<unknown>) => void, timer });
        const text = JSON.stringify({ t: 'call', id, method, args });
        if (socket?.readyState === WebSocket.OPEN) {
          socket.send(text);
        } else {
          queue.push(text);
        }
      }),
    subscribe: <E extends HostEvent>(event: E, listener: (payload: HostEventPayload<E>) => void) => {
      const set = listeners.get(event) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(event, set);
      return () => {
        set.delete(wrapped);
      };
    },
    close: () => {
      closed = true;
      socket?.close();
    },
  };
}

export function webHostSocketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${webHostSocketPath}?token=${encodeURIComponent(token)}`;
}
