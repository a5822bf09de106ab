/**
 * A byte pipe to a device: a serial port (host transport), one end of an in-memory pair (tests), or a
 * pty. Protocol sessions and simulators see only this, so everything above the transport is pure.
 */
export type ByteLink = {
  write(bytes: Uint8Array): Promise<void>;
  /** Registers a listener for received chunks (arbitrary split); returns its remover. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once when the link closes; `error` is set when it vanished (unplugged adapter). */
  onClose(listener: (error: Error | null) => void): () => void;
  close(): Promise<void>;
};

/** Timers injected so timeouts and slow replies are testable without waiting. */
export type Timers = {
  readonly now: () => number;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
};

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle),
};
