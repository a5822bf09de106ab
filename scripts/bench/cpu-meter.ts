// CPU time spent while a bench phase runs, split by who spent it: the machine as a whole
// (/proc/stat), one child process (/proc/<pid>/stat) and the bench's own process. Linux only; on
// other systems the figures are null and the report says so.
import { readFileSync } from 'node:fs';

export type CpuSplit = {
  readonly machineMs: number;
  readonly childMs: number | null;
  readonly benchMs: number;
};

const clockTickMs = 10; // USER_HZ is 100 on Linux

function machineBusyTicks(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const total = fields.reduce((sum, n) => sum + n, 0);
    return total - (fields[3] ?? 0) - (fields[4] ?? 0); // minus idle and iowait
  } catch {
    return null;
  }
}

function processTicks(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

/** Starts measuring; the returned function stops and reports. */
export function startCpuMeter(childPid?: number): () => CpuSplit | null {
  const machine0 = machineBusyTicks();
  const child0 = childPid === undefined ? null : processTicks(childPid);
  const bench0 = process.cpuUsage();
  return () => {
    const machine1 = machineBusyTicks();
    if (machine0 === null || machine1 === null) {
      return null;
    }
    const child1 = childPid === undefined ? null : processTicks(childPid);
    const bench = process.cpuUsage(bench0);
    return {
      machineMs: (machine1 - machine0) * clockTickMs,
      childMs: child0 === null || child1 === null ? null : (child1 - child0) * clockTickMs,
      benchMs: (bench.user + bench.system) / 1000,
    };
  };
}
