import { Layout, Menu, Segmented, Spin, Typography } from 'antd';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShellKind } from '#shared/host/contract/index';
import { languages, type Language } from '../i18n/index';
import type { FeatureRoute } from './feature-route';
import { matchRoute, navigate, useRoutePath } from './router';
import { DemoBadge, FirstLaunch } from './FirstLaunch';
import { StatusBar } from './StatusBar';

type Props = {
  readonly routes: readonly FeatureRoute[];
  readonly shell: ShellKind;
  readonly language: Language;
  readonly onLanguageChange: (language: Language) => void;
};

export function AppLayout({ routes, shell, language, onLanguageChange }: Props) {
  const { t } = useTranslation(['common', 'nav']);
  const path = useRoutePath();
  const navItems = useMemo(
    () => routes.filter((r) => r.nav !== undefined).sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0)),
    [routes],
  );
  const firstNav = navItems[0];
  const active = routes.find((r) => matchRoute(r.path, path) !== null) ?? firstNav;
  const params = active ? (matchRoute(active.path, path) ?? {}) : {};
  const selectedNav = navItems.find((r) => path === r.path || path.startsWith(`${r.path}/`)) ?? active;
  const Page = active?.component;

  return (
    <Layout className="app-layout">
      <Layout.Sider width={176} theme="light" className="app-sider">
        <div className="app-brand">
          <Typography.Text strong>{t('common:appName')}</Typography.Text>
        </div>
        <Menu
          mode="inline"
          data-testid="side-nav"
          selectedKeys={selectedNav?.nav ? [selectedNav.nav.key] : []}
          items={navItems.map((r) => ({
            key: r.nav?.key ?? r.path,
            icon: r.nav?.icon,
            label: t(`nav:${r.nav?.key ?? 'map'}`),
            onClick: () => navigate(r.path),
          }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Title level={4} className="app-title" data-testid="page-title">
            {selectedNav?.nav ? t(`nav:${selectedNav.nav.key}`) : ''}
          </Typography.Title>
          <DemoBadge />
          <Segmented<Language>
            data-testid="language-switch"
            aria-label={t('common:language.label')}
            value={language}
            onChange={onLanguageChange}
            options={languages.map((l) => ({ value: l, label: t(`common:language.${l}`) }))}
          />
        </Layout.Header>
        <Layout.Content className="app-content">
          {/* Pages other than the map load on demand (see `lazyPage`): a spinner while the chunk comes. */}
          <Suspense fallback={<Spin />}>{Page ? <Page params={params} /> : null}</Suspense>
        </Layout.Content>
        <Layout.Footer className="app-footer">
          <StatusBar shell={shell} />
        </Layout.Footer>
      </Layout>
      <FirstLaunch />
    </Layout>
  );
}
