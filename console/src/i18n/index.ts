import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './en-US.json';
import zhCN from './zh-CN.json';

/** The console's languages: zh-CN first, en-US complete (a test keeps their keys equal). */
export const consoleLanguages = ['zh-CN', 'en-US'] as const;
export type ConsoleLanguage = (typeof consoleLanguages)[number];
export const consoleCatalogs: Readonly<Record<ConsoleLanguage, Record<string, unknown>>> = {
  'zh-CN': zhCN,
  'en-US': enUS,
};

const storageKey = 'wrm.console.language';

function initialLanguage(): ConsoleLanguage {
  const stored = globalThis.localStorage?.getItem(storageKey);
  return consoleLanguages.find((l) => l === stored) ?? 'zh-CN';
}

export function rememberLanguage(language: ConsoleLanguage): void {
  globalThis.localStorage?.setItem(storageKey, language);
}

export async function startI18n(): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: {
      'zh-CN': { console: consoleCatalogs['zh-CN'] },
      'en-US': { console: consoleCatalogs['en-US'] },
    },
    lng: initialLanguage(),
    fallbackLng: 'zh-CN',
    defaultNS: 'console',
    ns: ['console'],
    interpolation: { escapeValue: false },
  });
  return instance;
}
