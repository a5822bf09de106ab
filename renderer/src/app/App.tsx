import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { i18n as I18n } from 'i18next';
import { useCallback, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { HostClient } from '#shared/host/client';
import type { ShellKind } from '#shared/host/contract/index';
import type { AppDatabase } from '../db/database';
import { DatabaseContext } from '../db/database-context';
import { HostContext } from '../host/host-context';
import { rememberLanguage, type Language } from '../i18n/index';
import { AppLayout } from './AppLayout';
import { appRoutes } from './routes';

type Props = {
  readonly host: HostClient;
  /** The device database, opened before the app renders (see main.tsx). */
  readonly db: AppDatabase;
  readonly shell: ShellKind;
  readonly i18n: I18n;
  readonly initialLanguage: Language;
};

export function App({ host, db, shell, i18n, initialLanguage }: Props) {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const changeLanguage = useCallback(
    (next: Language) => {
      void i18n.changeLanguage(next).then(() => {
        rememberLanguage(window.localStorage, next);
        document.documentElement.lang = next;
        setLanguage(next);
      });
    },
    [i18n],
  );
  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider
        locale={language === 'zh-CN' ? zhCN : enUS}
        theme={{ token: { colorPrimary: '#1668dc', borderRadius: 4 } }}
      >
        <AntApp>
          <HostContext.Provider value={host}>
            <DatabaseContext.Provider value={db}>
              <AppLayout
                routes={appRoutes}
                shell={shell}
                language={language}
                onLanguageChange={changeLanguage}
              />
            </DatabaseContext.Provider>
          </HostContext.Provider>
        </AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}
