import type { CliLang } from './lang';

/** Where a CLI command writes; injected so tests run commands in-process and read what they print. */
export type CliIo = {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment (ports listed in WRM_SERIAL_PORTS, CI flags). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user interrupts (Ctrl-C); long-running commands (sim, scan) stop on it. */
  readonly interrupted: Promise<void>;
  /** The language of text for people (`--lang`, WRM_LANG; zh when unset). JSON output is the same in both. */
  readonly lang?: CliLang;
};

/** A command takes its arguments (after its own name) and resolves to the process exit code. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

/** Prints one JSON document (what scripts read) on its own line. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
