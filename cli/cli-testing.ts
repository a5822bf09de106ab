// Test helpers for the `wrm` CLI: an io that captures what a command prints, and a simulator run on one
// end of a pty pair for as long as a test needs it. Used only by tests.
import type { CliIo } from './io';
import { main } from './main';

export type CapturedIo = { io: CliIo; out: () => string; err: () => string };

/** An io whose output is kept; `interrupted` stands for Ctrl-C (never, unless a test resolves it). */
export function capture(interrupted: Promise<void> = new Promise(() => {})): CapturedIo {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, interrupted };
  return { io, out: () => out, err: () => err };
}

/**
 * Runs `wrm sim <args> --port <port>` while `use` runs, then stops it as Ctrl-C would and checks it
 * ended cleanly. Waits for the simulator's announcement that its port is open: a fixed delay lost that
 * race under load. Answers what the simulator printed.
 */
export async function withSimulator(
  port: string,
  args: readonly string[],
  use: () => Promise<void>,
): Promise<{ exitCode: number; out: string }> {
  let stop = () => {};
  const sim = capture(new Promise<void>((resolve) => (stop = resolve)));
  const running = main(['sim', ...args, '--port', port], sim.io);
  for (let waited = 0; !sim.out().includes('Ctrl-C stops') && waited < 10_000; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    await use();
  } finally {
    stop();
  }
  return { exitCode: await running, out: sim.out() };
}
