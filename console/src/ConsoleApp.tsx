import { App as AntApp, Button, ConfigProvider, Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { platformPaths, type MeResponse } from '#shared/sync/index';
import { apiJson, session, whoAmI } from './api';
import { consoleLanguages, rememberLanguage, type ConsoleLanguage } from './i18n/index';
import { AuditScreen } from './screens/AuditScreen';
import { DevicesScreen } from './screens/DevicesScreen';
import { LayersScreen } from './screens/LayersScreen';
import { RegistryScreen } from './screens/RegistryScreen';
import { ReportsScreen } from './screens/ReportsScreen';
import { ReviewsScreen } from './screens/ReviewsScreen';
import { SignInScreen } from './screens/SignInScreen';
import { UsersScreen } from './screens/UsersScreen';

const screens = ['devices', 'users', 'registry', 'layers', 'reviews', 'audit', 'reports'] as const;
type Screen = (typeof screens)[number];

function screenOfHash(): Screen {
  const wanted = window.location.hash.replace(/^#\/?/, '');
  return screens.find((s) => s === wanted) ?? 'devices';
}

function Shell({ me, onSignOut }: { me: MeResponse; onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const [screen, setScreen] = useState<Screen>(screenOfHash);
  useEffect(() => {
    const follow = () => setScreen(screenOfHash());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const scope = me.account.scope;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24 }}>
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          style={{ flex: 1, minWidth: 0 }}
          selectedKeys={[screen]}
          items={screens.map((s) => ({ key: s, label: t(`nav.${s}`) }))}
          onClick={({ key }) => {
            window.location.hash = `#${key}`;
          }}
        />
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="signed-in-as">
            {t('app.signedInAs', {
              name: me.account.displayName,
              role: t(`roles.${me.account.role}`),
              scope,
            })}
          </Typography.Text>
          <Select<ConsoleLanguage>
            aria-label={t('app.language')}
            size="small"
            value={i18n.language as ConsoleLanguage}
            options={consoleLanguages.map((l) => ({ value: l, label: l === 'zh-CN' ? '中文' : 'English' }))}
            onChange={(language) => {
              rememberLanguage(language);
              void i18n.changeLanguage(language);
            }}
          />
          <Button size="small" onClick={onSignOut}>
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        {screen === 'devices' && <DevicesScreen />}
        {screen === 'users' && <UsersScreen me={me} />}
        {screen === 'registry' && <RegistryScreen />}
        {screen === 'layers' && <LayersScreen me={me} />}
        {screen === 'reviews' && <ReviewsScreen />}
        {screen === 'audit' && <AuditScreen />}
        {screen === 'reports' && <ReportsScreen scope={scope} />}
      </Layout.Content>
    </Layout>
  );
}

/** The operator console: sign in as an admin, then the screens of the admin's region. */
export function ConsoleApp() {
  const { i18n } = useTranslation();
  const [me, setMe] = useState<MeResponse | null>(null);
  const [checking, setChecking] = useState(() => session.token() !== null);

  useEffect(() => {
    if (session.token() === null) {
      return;
    }
    whoAmI()
      .then((who) => setMe(who.account.role === 'admin' ? who : null))
      .catch(() => session.forget())
      .finally(() => setChecking(false));
  }, []);

  // Signing out ends this browser's token on the service too: a copied token is of no use afterwards.
  const signOut = useCallback(() => {
    const device = me?.device.id;
    const forget = () => {
      session.forget();
      setMe(null);
    };
    if (device === undefined) {
      forget();
      return;
    }
    apiJson('POST', platformPaths.revokeDevice(device)).then(forget, forget);
  }, [me]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);

  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} button={{ autoInsertSpace: false }}>
      <AntApp>
        {checking ? (
          <Spin style={{ margin: 48 }} />
        ) : me === null ? (
          <SignInScreen onSignedIn={setMe} />
        ) : (
          <Shell me={me} onSignOut={signOut} />
        )}
      </AntApp>
    </ConfigProvider>
  );
}
