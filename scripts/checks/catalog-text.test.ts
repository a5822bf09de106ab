import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../renderer/src/i18n/index';

// Every word a crew reads comes from the catalogs (zh-CN first, en-US complete). Chinese text written
// into the renderer's code would stay Chinese in en-US, and Chinese left in an en-US catalog is a
// half-translated screen — both fail here.
const root = join(import.meta.dirname, '../../renderer/src');
const han = /[\u3400-\u9fff\uf900-\ufaff]/u;
/** Chinese punctuation (、，（）；…): wrong in en-US when it joins or wraps displayed text. */
const cjkPunctuation = /[\u3000-\u303f\uff01-\uff60]/u;
/** Where punctuation is displayed rather than parsed: joined lists and template text. */
const displays = /\.join\(|`/;

/** Where code may hold Chinese: bilingual data (both languages side by side), and test support. */
const allowedFiles = new Set(['features/diagnostics/lib/profile-form.ts', 'sync/test-support.ts']);
/** en-US keys whose value is Chinese on purpose: the language picker names each language in itself. */
const allowedEnglishKeys = new Set(['common:language.zh-CN']);

/** Strips comments (block and line) so that only code and its strings are searched. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Lines of a source holding Chinese outside comments: what the crew would read untranslated. */
export function rawChinese(source: string): number[] {
  return withoutComments(source)
    .split('\n')
    .flatMap((line, i) =>
      han.test(line) || (cjkPunctuation.test(line) && displays.test(line)) ? [i + 1] : [],
    );
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === 'locales' ? [] : sources(path);
    }
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function leaves(value: unknown, prefix: string): [string, string][] {
  if (typeof value === 'string') {
    return [[prefix, value]];
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  return Object.entries(value).flatMap(([k, v]) =>
    leaves(v, prefix.endsWith(':') ? `${prefix}${k}` : `${prefix}.${k}`),
  );
}

describe('user-visible text comes from the catalogs', () => {
  it('finds a planted raw string (the check itself works)', () => {
    expect(rawChinese(`const a = 1;\n// 注释不算\nreturn <Button>保存</Button>;\n`)).toEqual([3]);
    expect(rawChinese(`/* 多行\n 注释 */ const title = t('save');`)).toEqual([]);
    expect(rawChinese("const url = 'http://x'; const label = '站点';")).toEqual([1]);
    expect(rawChinese("const text = names.join('、');\nconst parts = input.split(/[,，、]/);")).toEqual([1]);
  });

  it('no renderer code holds Chinese text outside the catalogs', () => {
    const found = sources(root)
      .map((path) => ({ file: relative(root, path).replaceAll('\\', '/'), path }))
      .filter(({ file }) => !allowedFiles.has(file))
      .flatMap(({ file, path }) => rawChinese(readFileSync(path, 'utf8')).map((line) => `${file}:${line}`));
    expect(found).toEqual([]);
  });

  it('no en-US catalog entry is left in Chinese', () => {
    const english = catalogs()['en-US'];
    const found = Object.entries(english)
      .flatMap(([ns, catalog]) => leaves(catalog, `${ns}:`))
      .filter(([key, text]) => (han.test(text) || cjkPunctuation.test(text)) && !allowedEnglishKeys.has(key))
      .map(([key, text]) => `${key} = ${text}`);
    expect(found).toEqual([]);
  });
});
