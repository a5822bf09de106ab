/**
 * Protocol labels (element, factor, data-kind, alarm names) travel from the decoders to the screens
 * as a language-independent code beside the Chinese name the decoder gave them. A reader looks the
 * code up to show the name in its own language; a reader that does not know the code (an older
 * version, a vendor element) still has the decoded name to show.
 */
export type LabelNames = { readonly zh: string; readonly en: string };

/** Which table a label code points into; the part of a code before the first `:`. */
export const labelSchemes = [
  'sl651-element',
  'sl651-status',
  'sl651-function',
  'sl651-category',
  'hj212-factor',
  'hj212-command',
  'hj212-system',
  'hj212-flag',
  'szy206-afn',
  'szy206-kind',
  'szy206-value',
  'szy206-alarm',
  'szy206-status',
  'szy206-text',
] as const;
export type LabelScheme = (typeof labelSchemes)[number];

/** A label as decoded: `code` is `<scheme>:<id>` (e.g. `sl651-element:AI`), `name` the decoder's Chinese text. */
export type ProtocolLabel = { readonly code: string; readonly name: string };

/** Text whose protocol names are kept as labels, so each reader can render it in its own language. */
export type LabelledPart = string | ProtocolLabel;
export type LabelledText = readonly LabelledPart[];

export function labelCode(scheme: LabelScheme, id: string): string {
  return `${scheme}:${id}`;
}

export function protocolLabelOf(scheme: LabelScheme, id: string, name: string): ProtocolLabel {
  return { code: labelCode(scheme, id), name };
}

/** Splits a code at its first `:`; null when the scheme is not one this version knows. */
export function splitLabelCode(code: string): { readonly scheme: LabelScheme; readonly id: string } | null {
  const colon = code.indexOf(':');
  const scheme = colon < 0 ? '' : code.slice(0, colon);
  const known = labelSchemes.find((s) => s === scheme);
  return known === undefined ? null : { scheme: known, id: code.slice(colon + 1) };
}

/** The text as the decoder wrote it (its Chinese names): what logs, the CLI and `summary` fields carry. */
export function labelledString(parts: LabelledText): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.name)).join('');
}

/** Groups joined by a separator, e.g. value readings joined by ", ". */
export function joinLabelled(groups: readonly LabelledText[], separator: LabelledPart): LabelledPart[] {
  return groups.flatMap((g, i) => (i === 0 ? [...g] : [separator, ...g]));
}
