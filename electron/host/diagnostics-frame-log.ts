import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import type { SerialSettings } from '#shared/domain/schemas/equipment';
import type { DiagnosticsLineState } from '#shared/host/contract/diagnostics';

/**
 * The frames of the diagnostics page, newest last, kept to the last `maxFrames` (the page shows them
 * live; the saved session and the exported log read them here).
 */
export function createFrameLog(options: {
  readonly maxFrames: number;
  readonly onFrame: (frame: RecordedFrame) => void;
}) {
  let frames: RecordedFrame[] = [];
  // Frames recorded since the log was made: a mark counts from here, so trimming keeps marks valid.
  let recorded = 0;
  return {
    record: (frame: RecordedFrame): void => {
      frames.push(frame);
      recorded += 1;
      if (frames.length > options.maxFrames) {
        frames = frames.slice(frames.length - options.maxFrames);
      }
      options.onFrame(frame);
    },
    list: (): readonly RecordedFrame[] => frames,
    /** A mark to read what came after it (`receivedSince`). */
    mark: (): number => recorded,
    /** The received frames recorded since `mark` (as far as the log still holds them). */
    receivedSince: (mark: number): RecordedFrame[] =>
      frames.slice(Math.max(0, frames.length - (recorded - mark))).filter((f) => f.direction === 'rx'),
    /** Empties the log; returns how many frames it held. */
    clear: (): number => {
      const cleared = frames.length;
      frames = [];
      return cleared;
    },
  };
}

/** How many bytes the received frames held (hex is "AA BB CC"). */
export function bytesIn(frames: readonly RecordedFrame[]): number {
  return frames.reduce((n, f) => n + Math.ceil(f.hex.length / 3), 0);
}

export function describeSerial(s: SerialSettings): string {
  return `${s.baudRate} ${s.dataBits}${s.parity[0]?.toUpperCase() ?? 'N'}${s.stopBits}`;
}

/** The exported log: a header naming the port, then one line per frame with its summary. */
export function frameLogText(state: DiagnosticsLineState, frames: readonly RecordedFrame[]): string {
  const header = `# wrm-field diagnostics log\n# port ${state.path ?? '-'} ${state.serial ? describeSerial(state.serial) : ''}\n`;
  return (
    header +
    frames
      .map(
        (f) =>
          `${new Date(f.at).toISOString()} ${f.direction.toUpperCase()} ${f.hex}${f.summary ? `  ; ${f.summary}` : ''}\n`,
      )
      .join('')
  );
}

/** Writes the log to `<dir>/<name>.log` (a timestamped name when none is given); returns its path. */
export async function exportFrameLog(
  dir: string,
  name: string | undefined,
  now: number,
  state: DiagnosticsLineState,
  frames: readonly RecordedFrame[],
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${name ?? `diagnostics-${new Date(now).toISOString().replace(/[:.]/g, '-')}`}.log`);
  await writeFile(file, frameLogText(state, frames), 'utf8');
  return file;
}
