import type { CliCommand, CliIo } from './io';
import { takeLang } from './lang';

/**
 * `wrm`: the crew's and scripts' command line over the same codecs and serial services as the app.
 * Each command lives in its own module and is loaded only when called (the serial binding loads only
 * for commands that open a port).
 */
const commands: Readonly<Record<string, { summary: string; load: () => Promise<CliCommand> }>> = {
  decode: {
    summary: 'decode <modbus-rtu|szy206|sl651|hj212|nmea> <frame>   decode one frame to JSON',
    load: async () => (await import('./commands/decode')).decodeCommand,
  },
  modbus: {
    summary: 'modbus <read|write|scan> --port <path> …              talk to a Modbus RTU meter',
    load: async () => (await import('./commands/modbus')).modbusCommand,
  },
  szy206: {
    summary: 'szy206 <link-test|clock|realtime|status|history> --port …  query an SZY206 / SL/T 427 RTU',
    load: async () => (await import('./commands/szy206')).szy206Command,
  },
  sl651: {
    summary: 'sl651 history --port … --station … --from … --to …     period data of an SL651 station',
    load: async () => (await import('./commands/sl651')).sl651Command,
  },
  hj212: {
    summary:
      'hj212 history|qc --port … --mn … …                  history data or analyser QC of an HJ 212 logger',
    load: async () => (await import('./commands/hj212')).hj212Command,
  },
  sim: {
    summary:
      'sim <modbus|szy206|sl651|hj212> --port <path> [--fault …]  simulate a meter, RTU, station or analyser',
    load: async () => (await import('./commands/sim')).simCommand,
  },
};

export function usage(): string {
  return [
    'usage: wrm <command> [options] [--lang zh|en]',
    '',
    ...Object.values(commands).map((c) => `  wrm ${c.summary}`),
    '',
    '  --lang zh|en   language of messages, verdicts and units for people (default zh, or WRM_LANG);',
    '                 --json output is codes and values, the same in both languages',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], baseIo: CliIo): Promise<number> {
  const chosen = takeLang(argv, baseIo.env);
  if (!chosen.ok) {
    baseIo.stderr(`wrm: --lang "${chosen.given}" must be zh or en\n${usage()}`);
    return 2;
  }
  const io: CliIo = { ...baseIo, lang: chosen.lang };
  const [name, ...rest] = chosen.rest;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.stderr(`wrm: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return (await command.load())(rest, io);
}
