import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'zh-CN';
const storageKey = 'wrm.language';

type Catalog = Record<string, unknown>;

/** Every catalog file: locales/<language>/<namespace>.json — one namespace per feature. */
const files = import.meta.glob<Catalog>('./locales/*/*.json', { eager: true, import: 'default' });

export function catalogs(): Record<Language, Record<string, Catalog>> {
  const out: Record<Language, Record<string, Catalog>> = { 'zh-CN': {}, 'en-US': {} };
  for (const [path, catalog] of Object.entries(files)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    const language = match?.[1];
    const namespace = match?.[2];
    if (isLanguage(language) && namespace !== undefined) {
      out[language][namespace] = catalog;
    }
  }
  return out;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function storedLanguage(storage: Storage | null): Language {
  const value = storage?.getItem(storageKey);
  return isLanguage(value) ? value : defaultLanguage;
}

export function rememberLanguage(storage: Storage | null, language: Language): void {
  storage?.setItem(storageKey, language);
}

export async function createI18n(language: Language): Promise<I18n> {
  const instance = i18next.createInstance();
  const resources = catalogs();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    supportedLngs: [...languages],
    defaultNS: 'common',
    ns: Object.keys(resources['zh-CN']),
    resources,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
