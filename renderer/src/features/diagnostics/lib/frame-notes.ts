import type { TFunction } from 'i18next';
import type { RecordedFrame } from '#shared/diagnostics/session-record';
import { protocolText } from './protocol-names';

/**
 * The host writes each frame's note in protocol terms (English, as protocol tools do). The most
 * common ones — Modbus requests and replies, SZY206 queries — are shown in the crew's language;
 * anything else (codec reasons, SZY206 answers already in Chinese) is shown as the host wrote it.
 */
const patterns: readonly { re: RegExp; key: string; args: (m: RegExpExecArray) => Record<string, string> }[] =
  [
    {
      re: /^unit (\d+) FC (0[34]): read (\d+) from (\d+)$/,
      key: 'read',
      args: (m) => ({ unit: m[1] ?? '', fc: m[2] ?? '', quantity: m[3] ?? '', address: m[4] ?? '' }),
    },
    {
      re: /^unit (\d+) FC 10: write (\d+) at (\d+)$/,
      key: 'write',
      args: (m) => ({ unit: m[1] ?? '', quantity: m[2] ?? '', address: m[3] ?? '' }),
    },
    {
      re: /^unit (\d+) FC (0[34]): (\d+) registers$/,
      key: 'registers',
      args: (m) => ({ unit: m[1] ?? '', fc: m[2] ?? '', quantity: m[3] ?? '' }),
    },
    {
      re: /^unit (\d+) exception ([0-9A-F]{2}) (.+)$/,
      key: 'exception',
      args: (m) => ({ unit: m[1] ?? '', code: m[2] ?? '', name: m[3] ?? '' }),
    },
    { re: /^SZY206 query ([a-z-]+)$/, key: 'szyQuery', args: (m) => ({ query: m[1] ?? '' }) },
    { re: /^no request in flight$/, key: 'unsolicited', args: () => ({}) },
  ];

export function frameNote(t: TFunction, note: string | null): string {
  if (note === null) {
    return '';
  }
  for (const p of patterns) {
    const m = p.re.exec(note);
    if (m !== null) {
      const args = p.args(m);
      if (p.key === 'szyQuery') {
        args['query'] = t(`rtu.queries.${args['query'] ?? ''}`, { defaultValue: args['query'] ?? '' });
      }
      return t(`log.notes.${p.key}`, args);
    }
  }
  return note;
}

/**
 * A live frame's note: when the host sent protocol names as labels, in the reader's language;
 * otherwise (plain host notes, saved sessions, which keep only the text) as `frameNote` shows it.
 */
export function frameText(
  t: TFunction,
  frame: Pick<RecordedFrame, 'summary' | 'summaryParts'>,
  language: string,
): string {
  const parts = frame.summaryParts;
  return parts !== undefined && parts.some((p) => typeof p !== 'string')
    ? protocolText(parts, frame.summary ?? '', language)
    : frameNote(t, frame.summary);
}
