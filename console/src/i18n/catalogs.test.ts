import { describe, expect, it } from 'vitest';
import { layerFeatureProblemCodes, layerFileProblemCodes } from '#shared/verdicts/layer-admin-wire';
import { spatialLayerKinds } from '#shared/verdicts/spatial';
import { consoleCatalogs, consoleLanguages } from './index';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) {
    return [prefix];
  }
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: unknown): string[] {
  return [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
}

function leaf(catalog: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog);
}

describe('console catalogs', () => {
  const zh = keys(consoleCatalogs['zh-CN']).sort();

  it('have the same keys in zh-CN and en-US', () => {
    expect(zh.length).toBeGreaterThan(50);
    expect(keys(consoleCatalogs['en-US']).sort()).toEqual(zh);
  });

  it('have no empty text, and the same placeholders in every language', () => {
    for (const key of zh) {
      const wanted = placeholders(leaf(consoleCatalogs['zh-CN'], key));
      for (const language of consoleLanguages) {
        const text = leaf(consoleCatalogs[language], key);
        expect(typeof text === 'string' && text.trim().length > 0, `${language} ${key}`).toBe(true);
        expect(placeholders(text), `${language} ${key}`).toEqual(wanted);
      }
    }
  });

  it('name every role and every error code the console shows', () => {
    for (const language of consoleLanguages) {
      const catalog = consoleCatalogs[language] as { roles: object; errors: object };
      expect(Object.keys(catalog.roles).sort()).toEqual(['admin', 'supervisor', 'technician']);
      expect(Object.keys(catalog.errors)).toEqual(
        expect.arrayContaining(['outside-region', 'not-found', 'network']),
      );
    }
  });

  it('say in words every closed reason the service refuses a layer file for, and every layer kind', () => {
    for (const language of consoleLanguages) {
      const layers = (
        consoleCatalogs[language] as {
          layers: { problemCodes: object; fileProblems: object; kinds: object };
        }
      ).layers;
      expect(Object.keys(layers.problemCodes).sort(), language).toEqual([...layerFeatureProblemCodes].sort());
      expect(Object.keys(layers.fileProblems).sort(), language).toEqual([...layerFileProblemCodes].sort());
      expect(Object.keys(layers.kinds).sort(), language).toEqual([...spatialLayerKinds].sort());
    }
  });
});
