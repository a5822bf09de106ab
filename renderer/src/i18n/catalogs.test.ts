import { describe, expect, it } from 'vitest';
import { catalogs, languages } from './index';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) {
    return [prefix];
  }
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n catalogs', () => {
  const all = catalogs();

  it('have the same namespaces in every language', () => {
    const namespaces = Object.keys(all['zh-CN']).sort();
    expect(namespaces.length).toBeGreaterThan(0);
    for (const language of languages) {
      expect(Object.keys(all[language]).sort()).toEqual(namespaces);
    }
  });

  it('have the same keys in zh-CN and en-US, and no empty strings', () => {
    for (const namespace of Object.keys(all['zh-CN'])) {
      const zh = keys(all['zh-CN'][namespace]).sort();
      const en = keys(all['en-US'][namespace]).sort();
      expect({ namespace, keys: en }).toEqual({ namespace, keys: zh });
      for (const language of languages) {
        const text = JSON.stringify(all[language][namespace]);
        expect(text, `${language}/${namespace} has an empty string`).not.toContain('""');
      }
    }
  });
});
