import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Radio, Result, Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhotoMeta, Site } from '#shared/domain/index';
import { buildCounterSwap, type SwapRefusal } from '#shared/patrol/counter-swap';
import { elementSpecs } from '#shared/patrol/readings';
import { continuousValue, counterSwapsOf, lastCounterValue } from '#shared/verdicts/index';
import { navigate, useRouteQuery, type RouteParams } from '../../app/router';
import { useRecord, useRecords } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { usePolicy } from '../../policy/index';
import { actionAuthor, useAuthor, useWriteOnce } from '../patrols/index';
import { CounterWithPhoto } from './SwapPhoto';

const element = 'volume';

/** 换表: the swap form, opened from the site page or from a repair (`?faultId=`). */
export function CounterSwapPage({ params }: { readonly params: RouteParams }) {
  const { t } = useTranslation('swaps');
  const siteId = params['siteId'] ?? '';
  const site = useRecord('sites', siteId);
  if (site.status === 'loading') {
    return <Spin />;
  }
  if (site.status === 'error') {
    return <Alert type="error" message={site.message} />;
  }
  if (site.value === null) {
    return <Result status="404" title={t('siteNotFound', { id: siteId })} />;
  }
  return <SwapForm site={site.value} />;
}

function SwapForm({ site }: { readonly site: Site }) {
  const { t, i18n } = useTranslation('swaps');
  const { message } = App.useApp();
  const query = useRouteQuery();
  const faultId = query.get('faultId');
  const policy = usePolicy();
  const author = useAuthor();
  const once = useWriteOnce();
  const equipment = useRecords('equipment', { selector: { siteId: site.id } });
  const readings = useRecords('readings', { selector: { siteId: site.id } });
  const health = useRecord('site_health', site.id);
  const [role, setRole] = useState<'meter' | 'rtu'>('meter');
  const [oldId, setOldId] = useState<string | null>(null);
  const [unit, setUnit] = useState(elementSpecs[element]?.unit ?? 'm³');
  const [oldFinal, setOldFinal] = useState<number | null>(null);
  const [newInitial, setNewInitial] = useState<number | null>(null);
  const [newSerial, setNewSerial] = useState('');
  const [newModel, setNewModel] = useState('');
  const [reason, setReason] = useState('');
  const [oldPhoto, setOldPhoto] = useState<PhotoMeta | null>(null);
  const [newPhoto, setNewPhoto] = useState<PhotoMeta | null>(null);
  const [refusal, setRefusal] = useState<SwapRefusal | null>(null);

  const edited =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      once.edited();
      setRefusal(null);
      set(v);
    };
  const ofRole = (equipment.status === 'ready' ? equipment.value : []).filter((e) => e.role === role);
  const old = ofRole.find((e) => e.id === oldId) ?? ofRole[0] ?? null;
  const stored = readings.status === 'ready' ? readings.value : [];
  const platform =
    (health.status === 'ready' ? health.value?.lastValues : undefined)?.find((v) => v.element === element) ??
    null;
  const last = lastCounterValue(stored, element, platform);
  const swaps = counterSwapsOf(stored);
  const back = () => (window.history.length > 1 ? window.history.back() : navigate(`/sites/${site.id}`));

  const save = async () => {
    const key = JSON.stringify([role, old?.id, unit, oldFinal, newInitial, newSerial, newModel, reason]);
    const outcome = await once.run(key, () => {
      const made = buildCounterSwap(
        {
          site,
          role,
          oldEquipment: old,
          element,
          unit,
          oldFinal: oldFinal ?? Number.NaN,
          newInitial: newInitial ?? Number.NaN,
          newSerial,
          newModel: newModel.trim() || null,
          oldFinalPhotoId: oldPhoto?.id ?? null,
          newInitialPhotoId: newPhoto?.id ?? null,
          faultId,
          patrolId: null,
          reason,
          lastReading: last,
        },
        policy,
        actionAuthor(author),
      );
      if (!made.ok) {
        return { ok: false, code: made.error.code, message: made.error.message };
      }
      const photos = [oldPhoto, newPhoto].filter((p): p is PhotoMeta => p !== null);
      return {
        ok: true,
        records: made.value,
        items: [
          ...photos.map((record) => ({ collection: 'photos' as const, record })),
          ...made.value.corrections.map((record) => ({ collection: 'corrections' as const, record })),
          { collection: 'readings' as const, record: made.value.reading },
        ],
      };
    });
    if (outcome.status === 'refused') {
      setRefusal(outcome.code as SwapRefusal);
    } else if (outcome.status === 'failed') {
      void message.error(outcome.error.message);
    } else if (outcome.status === 'saved') {
      void message.success(t('saved', { count: outcome.records.corrections.length }));
      navigate(faultId === null ? `/sites/${site.id}` : `/faults/${faultId}`);
    }
  };

  const shift =
    oldFinal === null || newInitial === null
      ? null
      : continuousValue(
          [...swaps, { id: 'draft', element, at: Number.MAX_SAFE_INTEGER, oldFinal, newInitial }],
          element,
          Number.MAX_SAFE_INTEGER,
          0,
        );
  return (
    <Card
      data-testid="swap-page"
      title={`${t('title')} · ${site.name} (${site.code})`}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={back}>
          {t('back')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {faultId !== null && (
          <Typography.Text type="secondary">{t('fault', { id: faultId })}</Typography.Text>
        )}
        <Form layout="vertical" style={{ maxWidth: 640 }}>
          <Form.Item label={t('role')}>
            <Radio.Group
              value={role}
              onChange={(e) => edited(setRole)(e.target.value as 'meter' | 'rtu')}
              data-testid="swap-role"
              options={(['meter', 'rtu'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('oldEquipment')}>
            {ofRole.length === 0 ? (
              <Typography.Text type="secondary">{t('noRegistered')}</Typography.Text>
            ) : (
              <Select
                value={old?.id}
                onChange={edited(setOldId)}
                data-testid="swap-old-equipment"
                options={ofRole.map((e) => ({
                  value: e.id,
                  label: [
                    e.manufacturer,
                    e.model,
                    e.serialNumber && t('oldSerial', { serial: e.serialNumber }),
                  ]
                    .filter(Boolean)
                    .join(' '),
                }))}
              />
            )}
          </Form.Item>
          <Typography.Text type="secondary" data-testid="swap-last-reading">
            {last === null
              ? t('noLastReading')
              : t('lastReading', {
                  value: last.value,
                  unit: elementSpecs[element]?.unit ?? '',
                  at: formatDateTime(last.time, i18n.language),
                })}
          </Typography.Text>
          <Form.Item label={t('unit')}>
            <Select
              value={unit}
              onChange={edited(setUnit)}
              style={{ width: 160 }}
              options={Object.keys(elementSpecs[element]?.units ?? {}).map((u) => ({ value: u, label: u }))}
            />
          </Form.Item>
          <CounterWithPhoto
            site={site}
            faultId={faultId}
            label={t('oldFinal')}
            photoLabel={t('oldFinalPhoto')}
            value={oldFinal}
            onValue={edited(setOldFinal)}
            photo={oldPhoto}
            onPhoto={edited(setOldPhoto)}
            testIds={{ value: 'swap-old-final', photo: 'swap-old-photo' }}
          />
          <Form.Item label={t('newSerial')} required>
            <Input
              value={newSerial}
              onChange={(e) => edited(setNewSerial)(e.target.value)}
              data-testid="swap-new-serial"
            />
          </Form.Item>
          <Form.Item label={t('newModel')}>
            <Input value={newModel} onChange={(e) => edited(setNewModel)(e.target.value)} />
          </Form.Item>
          <CounterWithPhoto
            site={site}
            faultId={faultId}
            label={t('newInitial')}
            photoLabel={t('newInitialPhoto')}
            value={newInitial}
            onValue={edited(setNewInitial)}
            photo={newPhoto}
            onPhoto={edited(setNewPhoto)}
            testIds={{ value: 'swap-new-initial', photo: 'swap-new-photo' }}
          />
          <Form.Item label={t('reason')} required>
            <Input.TextArea
              value={reason}
              onChange={(e) => edited(setReason)(e.target.value)}
              placeholder={t('reasonPlaceholder')}
              maxLength={1000}
              data-testid="swap-reason"
            />
          </Form.Item>
          {shift !== null && unit === elementSpecs[element]?.unit && (
            <Alert type="info" showIcon message={t('continuity', { shift, unit })} />
          )}
          {refusal !== null && (
            <Alert type="error" showIcon message={t(`refusals.${refusal}`)} data-testid="swap-refusal" />
          )}
          <Button type="primary" loading={once.saving} onClick={() => void save()} data-testid="swap-save">
            {t('save')}
          </Button>
        </Form>
      </Space>
    </Card>
  );
}
