import type { CliCommand } from '../io';

// Placeholder while this command is being built; it says so instead of pretending to work.
export const simCommand: CliCommand = (_args, io) => {
  io.stderr('wrm sim: not available in this build yet\n');
  return Promise.resolve(2);
};
