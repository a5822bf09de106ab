import type { DecodedValue } from '#shared/host/contract/diagnostics';
import {
  splitLabelCode,
  type LabelNames,
  type LabelScheme,
  type LabelledText,
} from '#shared/protocols/common/label';
import { protocolLabel } from '#shared/protocols/labels';

/** A name as decoders, host events and saved sessions carry it; any of the three forms may be missing. */
export type NamedThing = {
  /** The decoder's text, or the text a session was saved with. */
  readonly name: string;
  /** Language-independent identity (`sl651-element:AI`…), from decoders and host events. */
  readonly code?: string | undefined;
  /** Both names, as a saved session keeps them. */
  readonly names?: LabelNames | undefined;
};

function pick(names: LabelNames, language: string): string {
  return language.startsWith('zh') ? names.zh : names.en;
}

/**
 * The name in the reader's language. A code this version does not know (a vendor element, a newer
 * table) shows the code beside the decoded text, so the crew can still tell two of them apart; a
 * session saved before codes existed shows the text it was saved with.
 */
export function protocolName(thing: NamedThing, language: string): string {
  if (thing.names !== undefined) {
    return pick(thing.names, language);
  }
  if (thing.code === undefined) {
    return thing.name;
  }
  const known = protocolLabel(thing.code);
  if (known !== null) {
    return pick(known, language);
  }
  const split = splitLabelCode(thing.code);
  const id = split?.id ?? thing.code;
  if (thing.name === '' || thing.name === id) {
    return id;
  }
  // The decoders name what their tables lack in Chinese ("未知要素"); an English reader gets the
  // same words in English rather than text they may not read.
  if (split !== null && !language.startsWith('zh') && /\p{Script=Han}/u.test(thing.name)) {
    return `${id} (${unknownInEnglish[split.scheme] ?? 'unknown code'})`;
  }
  return `${id} (${thing.name})`;
}

const unknownInEnglish: Partial<Record<LabelScheme, string>> = {
  'sl651-element': 'unknown element',
  'hj212-factor': 'unknown factor',
  'szy206-kind': 'unknown data kind',
  'szy206-value': 'unknown value',
};

/** A labelled summary in the reader's language; without parts (an older host, a codec error) the plain text. */
export function protocolText(parts: LabelledText | undefined, text: string, language: string): string {
  if (parts === undefined) {
    return text;
  }
  return parts.map((p) => (typeof p === 'string' ? p : protocolName(p, language))).join('');
}

/**
 * A decoded value as a session saves it: the name in the saving crew's language, and both names when
 * the code is known, so any later reader sees it in theirs (the session schema keeps no codes).
 */
export function savedValue(
  v: DecodedValue,
  language: string,
): { name: string; names?: LabelNames; value: number | string; unit: string | null } {
  const names = v.code === undefined ? null : protocolLabel(v.code);
  return names === null
    ? { name: protocolName(v, language), value: v.value, unit: v.unit }
    : { name: pick(names, language), names, value: v.value, unit: v.unit };
}
