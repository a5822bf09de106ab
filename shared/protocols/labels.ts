import { hex2 } from './common/hex';
import { labelCode, labelSchemes, splitLabelCode, type LabelNames, type LabelScheme } from './common/label';
import { hj212Commands, hj212Factors, hj212Flags, hj212Systems } from './hj212/codes';
import { sl651Elements, sl651Functions, sl651StatusBits } from './sl651/elements';
import { sl651StationCategoryRows } from './sl651/message';
import { szy206AfnNames } from './szy206/afn';
import { szy206AnswerTexts, szy206StatusTexts } from './szy206/answer-labels';
import { szy206AlarmBits, szy206DataKinds } from './szy206/fields';
import { szy206QualityBitNames, szy206ValueNames } from './szy206/values';

/**
 * Every protocol label this version can name, by code: the one place a reader turns a code from a
 * decoder, a host event or a saved session into the name in its own language.
 */
type Row = readonly [id: string, zh: string, en: string];

const rowsByScheme: Readonly<Record<LabelScheme, readonly Row[]>> = {
  'sl651-element': sl651Elements.map((e) => [e.code, e.name, e.nameEn]),
  'sl651-status': sl651StatusBits,
  'sl651-function': sl651Functions.map(([code, zh, en]) => [hex2(code), zh, en]),
  'sl651-category': sl651StationCategoryRows,
  'hj212-factor': hj212Factors.map((f) => [f.code, f.name, f.nameEn]),
  'hj212-command': hj212Commands,
  'hj212-system': hj212Systems,
  'hj212-flag': hj212Flags,
  'szy206-afn': szy206AfnNames.map(([afn, zh, en]) => [hex2(afn), zh, en]),
  'szy206-kind': szy206DataKinds.map((k) => [k.key, k.name, k.nameEn]),
  'szy206-value': szy206ValueNames.map((v) => [v.key, v.name, v.nameEn]),
  'szy206-alarm': szy206AlarmBits,
  'szy206-status': Object.entries(szy206StatusTexts).map(([key, [zh, en]]) => [key, zh, en]),
  'szy206-text': Object.entries(szy206AnswerTexts).map(([key, [zh, en]]) => [key, zh, en]),
};

/** Every named label: code → both names. */
export const protocolLabels: ReadonlyMap<string, LabelNames> = new Map(
  labelSchemes.flatMap((scheme) =>
    rowsByScheme[scheme].map(([id, zh, en]): [string, LabelNames] => [labelCode(scheme, id), { zh, en }]),
  ),
);

/** Water-quality mask bits the table leaves unnamed are still numbered (`d0`…`d39`). */
function unnamedQualityBit(id: string): LabelNames | null {
  const bit = /^d(\d{1,2})$/.exec(id)?.[1];
  if (bit === undefined || Number(bit) > 39) {
    return null;
  }
  const names = szy206QualityBitNames(Number(bit));
  return { zh: names.name, en: names.nameEn };
}

/** Both names of a label code, or null for a code this version does not know. */
export function protocolLabel(code: string): LabelNames | null {
  const known = protocolLabels.get(code);
  if (known !== undefined) {
    return known;
  }
  const split = splitLabelCode(code);
  return split?.scheme === 'szy206-value' ? unnamedQualityBit(split.id) : null;
}
