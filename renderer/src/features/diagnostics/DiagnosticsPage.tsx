import { Alert, Card, Divider, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Equipment, Site } from '#shared/domain/index';
import type { PollingRunRecord } from '#shared/domain/schemas/diagnostic-session';
import { useRouteQuery } from '../../app/router';
import { useDemoSeedStatus } from '../../db/demo-seed';
import { findRecords, records$, useDatabase, useRecord } from '../../db/index';
import { BackfillPanel } from './BackfillPanel';
import { ConnectionBar } from './ConnectionBar';
import { DetectPanel } from './DetectPanel';
import { useDiagnosticsLine } from './lib/use-line';
import { useProfiles } from './lib/use-profiles';
import { fromEquipment, useWorkbench } from './lib/workbench';
import { ListenTab } from './ListenTab';
import { PollingPanel } from './PollingPanel';
import { ProfilePanel } from './ProfilePanel';
import { RawTab } from './RawTab';
import { ReconcileTab } from './ReconcileTab';
import { RegistersPanel } from './RegistersPanel';
import { QcPanel } from './QcPanel';
import { SaveSession } from './SaveSession';
import { SitePicker } from './SitePicker';
import { Szy206Tab } from './Szy206Tab';

/** The equipment a crew plugs into: a meter or RTU with a protocol spoken on a cable (not the GNSS). */
function pickEquipment(list: readonly Equipment[]): Equipment | null {
  const wired = list.filter((e) => e.protocol !== null && e.protocol !== 'nmea-0183');
  return wired.find((e) => e.role === 'meter') ?? wired[0] ?? null;
}

/** 诊断: connect to a site's meter or RTU, query it, reconcile it with the platform, save the visit. */
export function DiagnosticsPage() {
  const { t } = useTranslation('diagnostics');
  const query = useRouteQuery();
  const db = useDatabase();
  const line = useDiagnosticsLine();
  const [w, update] = useWorkbench();
  const profiles = useProfiles(line);
  const [manualMeter, setManualMeter] = useState<number | null>(null);
  const [tab, setTab] = useState('modbus');
  const [pollingRuns, setPollingRuns] = useState<readonly PollingRunRecord[]>([]);
  const patrolId = query.get('patrolId');
  const faultId = query.get('faultId');
  const querySite = useRecord('sites', query.get('siteId') ?? '');
  const health = useRecord('site_health', w.site?.id ?? '');

  const apply = (site: Site, equipment: readonly Equipment[]) => {
    const picked = pickEquipment(equipment);
    update((prev) => fromEquipment(prev, site, picked, equipment));
    setTab(picked?.protocol === 'szy206-2016' || picked?.protocol === 'sl427-2021' ? 'rtu' : 'modbus');
  };
  const chooseSite = (site: Site) => {
    update((prev) => ({ ...prev, site, equipment: null }));
    void findRecords(db, 'equipment', { selector: { siteId: site.id } }).then((eq) => apply(site, eq));
  };
  const initial = querySite.status === 'ready' ? querySite.value : null;
  useEffect(() => {
    if (initial !== null && w.site === null) {
      void findRecords(db, 'equipment', { selector: { siteId: initial.id } }).then((eq) =>
        apply(initial, eq),
      );
    }
    // Only when the site from the query arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial?.id]);
  // On a fresh laptop the demo province loads in batches: a site can arrive before its equipment.
  const siteId = w.site?.id ?? null;
  useEffect(() => {
    if (siteId === null) {
      return undefined;
    }
    const sub = records$(db, 'equipment', { selector: { siteId } }).subscribe((eq) => {
      if (eq.length > 0 && w.site !== null && w.equipment === null) {
        apply(w.site, eq);
      }
    });
    return () => sub.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, siteId, w.equipment === null]);

  const e = w.equipment;
  const seed = useDemoSeedStatus();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="diagnostics-page">
      {seed.phase === 'loading' && (
        <Alert type="info" showIcon data-testid="demo-loading" message={t('database:demo.loading', seed)} />
      )}
      <Card size="small" title={t('title')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <SitePicker value={w.site} onChange={chooseSite} />
            {w.site !== null && (
              <Typography.Text type="secondary" data-testid="diag-equipment">
                {e === null
                  ? t('site.noEquipment')
                  : [e.manufacturer, e.model, e.protocol, e.modbusProfile]
                      .filter((x) => x !== null)
                      .join(' · ')}
              </Typography.Text>
            )}
            {patrolId !== null && <Tag color="blue">{t('links.patrol')}</Tag>}
            {faultId !== null && <Tag color="red">{t('links.fault')}</Tag>}
          </Space>
          <ConnectionBar w={w} update={update} line={line} />
        </Space>
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'modbus',
              label: t('tabs.modbus'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <DetectPanel
                    w={w}
                    update={update}
                    line={line}
                    profile={profiles.profiles.find((p) => p.id === w.profileId)}
                  />
                  <Divider style={{ margin: '8px 0' }} />
                  <ProfilePanel profiles={profiles} w={w} update={update} line={line} />
                  <Divider style={{ margin: '8px 0' }} />
                  <RegistersPanel w={w} line={line} />
                </Space>
              ),
            },
            { key: 'rtu', label: t('tabs.rtu'), children: <Szy206Tab w={w} update={update} line={line} /> },
            { key: 'listen', label: t('tabs.listen'), children: <ListenTab line={line} /> },
            { key: 'raw', label: t('tabs.raw'), children: <RawTab line={line} /> },
            {
              key: 'reconcile',
              label: t('tabs.reconcile'),
              children: (
                <ReconcileTab
                  w={w}
                  health={health.status === 'ready' ? health.value : null}
                  manualMeter={manualMeter}
                  onManualMeter={setManualMeter}
                />
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('polling.title')}>
        <PollingPanel
          w={w}
          line={line}
          profile={profiles.profiles.find((p) => p.id === w.profileId)}
          kept={pollingRuns.length}
          onRunEnded={(run) => setPollingRuns((runs) => [...runs, run])}
        />
      </Card>
      {w.site !== null && (
        <Card size="small" title={t('backfill.title')}>
          <BackfillPanel w={w} line={line} site={w.site} faultId={faultId} patrolId={patrolId} />
        </Card>
      )}
      <Card size="small" title={t('qc.title')}>
        <QcPanel w={w} line={line} patrolId={patrolId} faultId={faultId} />
      </Card>
      <Card size="small" title={t('save.title')}>
        <SaveSession
          w={w}
          line={line}
          health={health.status === 'ready' ? health.value : null}
          manualMeter={manualMeter}
          patrolId={patrolId}
          faultId={faultId}
          pollingRuns={pollingRuns}
          onSaved={() => {
            update({ startedAt: Date.now() });
            setPollingRuns([]);
          }}
        />
      </Card>
    </Space>
  );
}
