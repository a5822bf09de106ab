import { describe, expect, it } from 'vitest';
import { faultRefusals } from '#shared/faults/state-machine';
import { photoRefusals } from '#shared/host/contract/photos';
import { baseDataInputRefusals } from '#shared/patrol/base-data-values';
import { correctionRefusals } from '#shared/patrol/corrections';
import { photoFileRefusals } from '#shared/patrol/photo-file';
import { differenceRules, elementSpecs, readingRefusals } from '#shared/patrol/readings';
import { visitRefusals } from '#shared/patrol/visit';
import { catalogs, languages } from '../../i18n/index';

function at(catalog: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], catalog);
}

describe('every named refusal and rule has words in both languages', () => {
  const all = catalogs();
  const expectations: [string, string, readonly string[]][] = [
    ['patrols', 'refusals', [...visitRefusals, ...readingRefusals]],
    ['patrols', 'baseData.refusals', correctionRefusals],
    ['patrols', 'photos.refusals', photoRefusals],
    ['patrols', 'photos.fileRefusals', photoFileRefusals],
    ['patrols', 'baseData.inputRefusals', baseDataInputRefusals],
    ['patrols', 'readings.problems', ['not-a-number', 'too-large', 'below-minimum', 'above-maximum']],
    ['patrols', 'readings.rules', differenceRules],
    ['patrols', 'elements', Object.keys(elementSpecs)],
    ['faults', 'refusals', [...faultRefusals, 'description-required']],
  ];
  it.each(languages)('%s', (language) => {
    for (const [ns, group, codes] of expectations) {
      for (const code of codes) {
        expect(typeof at(all[language][ns], `${group}.${code}`), `${language} ${ns}:${group}.${code}`).toBe(
          'string',
        );
      }
    }
  });
});
