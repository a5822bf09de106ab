import { Alert, Button, Card, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LastValue, Patrol, Reading, Site } from '../../../../shared/domain/index';
import {
  buildReading,
  compareWithPlatform,
  currentReadings,
  elementSpecs,
  toCanonical,
  type ReadingComparison,
} from '../../../../shared/patrol/readings';
import { useDatabase, useRecord, useRecords, writeFieldEvent } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { useAuthor } from './lib/author';
import { useClock } from './lib/clock';

function Flags({ comparison }: { readonly comparison: ReadingComparison }) {
  const { t } = useTranslation('patrols');
  if (comparison.platform === null) {
    return <Typography.Text type="secondary">{t('readings.noPlatform')}</Typography.Text>;
  }
  return (
    <Space wrap>
      {comparison.difference !== null && (
        <span>{t('readings.difference', { value: Math.round(comparison.difference * 1000) / 1000 })}</span>
      )}
      {comparison.flags.length === 0 ? (
        <Tag color="success">{t('readings.consistent')}</Tag>
      ) : (
        comparison.flags.map((f) => (
          <Tag color="error" key={f.rule} data-testid="reading-flag">
            {t('readings.suspected')} · {t(`readings.rules.${f.rule}`)}
          </Tag>
        ))
      )}
      {comparison.platformStale && <Tag color="warning">{t('readings.stale')}</Tag>}
    </Space>
  );
}

/** Readings at the site: the new value beside the site's previous ones and the platform's last value. */
export function ReadingsCard(props: {
  readonly patrol: Patrol;
  readonly site: Site;
  readonly closed: boolean;
}) {
  const { t, i18n } = useTranslation('patrols');
  const db = useDatabase();
  const author = useAuthor();
  const readings = useRecords('readings', { selector: { siteId: props.site.id } });
  const health = useRecord('site_health', props.site.id);
  const sessions = useRecords('diagnostic_sessions', { selector: { siteId: props.site.id } });
  const elements = [...new Set([...props.site.elements, 'battery', 'signal'])].filter(
    (e) => e in elementSpecs,
  );
  const lastValues = (health.status === 'ready' ? health.value?.lastValues : undefined) ?? [];
  // Until the crew picks one: the first element the platform has a value for, to compare against.
  const [picked, setElement] = useState<string | null>(null);
  const element =
    picked ?? elements.find((e) => lastValues.some((v) => v.element === e)) ?? elements[0] ?? 'volume';
  const spec = elementSpecs[element];
  const [pickedUnit, setUnit] = useState<string | null>(null);
  const unit = pickedUnit ?? spec?.unit ?? '';
  const [value, setValue] = useState<number | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const now = useClock();

  const platformOf = (el: string): LastValue | null => lastValues.find((v) => v.element === el) ?? null;
  const all = readings.status === 'ready' ? currentReadings(readings.value) : [];
  const previous = all.filter((r) => r.element === element).slice(0, 5);
  const canonical = value === null ? null : toCanonical(element, value, unit);
  const preview =
    canonical?.ok === true
      ? compareWithPlatform({ element, value: canonical.value.value, takenAt: now }, platformOf(element))
      : null;

  const save = async () => {
    if (value === null) {
      return;
    }
    setError(null);
    const made = buildReading(
      {
        siteId: props.site.id,
        divisionCode: props.site.divisionCode,
        patrolId: props.patrol.id,
        equipmentId: null,
        element,
        value,
        unit,
        source: sessionId === null ? 'manual' : 'diagnostic',
        diagnosticSessionId: sessionId,
        note: null,
      },
      author,
    );
    if (!made.ok) {
      setError(t(`refusals.${made.error.code}`));
      return;
    }
    const written = await writeFieldEvent(db, 'readings', made.value);
    if (written.ok) {
      setValue(null);
    } else {
      setError(written.error.message);
    }
  };

  const platform = platformOf(element);
  const ownReadings = all.filter((r) => r.patrolId === props.patrol.id);
  return (
    <Card title={t('readings.title')} data-testid="readings">
      <Space direction="vertical" style={{ width: '100%' }}>
        {!props.closed && (
          <Form layout="inline">
            <Form.Item label={t('readings.element')}>
              <Select
                style={{ width: 150 }}
                value={element}
                data-testid="reading-element"
                onChange={(e: string) => {
                  setElement(e);
                  setUnit(null);
                }}
                options={elements.map((e) => ({ value: e, label: t(`elements.${e}`) }))}
              />
            </Form.Item>
            <Form.Item label={t('readings.value')}>
              <InputNumber
                style={{ width: 160 }}
                value={value}
                onChange={(v) => setValue(v)}
                data-testid="reading-value"
              />
            </Form.Item>
            <Form.Item label={t('readings.unit')}>
              <Select
                style={{ width: 100 }}
                value={unit}
                onChange={setUnit}
                data-testid="reading-unit"
                options={Object.keys(spec?.units ?? {}).map((u) => ({ value: u, label: u }))}
              />
            </Form.Item>
            <Form.Item label={t('readings.source')}>
              <Select
                style={{ width: 220 }}
                value={sessionId ?? 'manual'}
                onChange={(v: string) => setSessionId(v === 'manual' ? null : v)}
                options={[
                  { value: 'manual', label: t('readings.manual') },
                  ...(sessions.status === 'ready' ? sessions.value : []).map((s) => ({
                    value: s.id,
                    label: t('readings.fromSession', { at: formatDateTime(s.startedAt, i18n.language) }),
                  })),
                ]}
              />
            </Form.Item>
            <Button
              type="primary"
              disabled={value === null}
              onClick={() => void save()}
              data-testid="reading-save"
            >
              {t('readings.add')}
            </Button>
          </Form>
        )}
        <div data-testid="reading-compare">
          <Typography.Text>
            {t('readings.platformLast')}:{' '}
            {platform === null
              ? '—'
              : `${platform.value} ${platform.unit} (${formatDateTime(platform.at, i18n.language)})`}
          </Typography.Text>
          {preview !== null && (
            <div>
              <Flags comparison={preview} />
            </div>
          )}
        </div>
        {error !== null && <Alert type="error" showIcon message={error} data-testid="reading-error" />}
        <Typography.Text strong>{t('readings.previous')}</Typography.Text>
        <Table<Reading>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={previous}
          data-testid="previous-readings"
          locale={{ emptyText: t('readings.none') }}
          columns={[
            { title: t('readings.takenAt'), render: (_, r) => formatDateTime(r.takenAt, i18n.language) },
            { title: t('readings.value'), render: (_, r) => `${r.value} ${r.unit}` },
            { title: t('readings.source'), render: (_, r) => t(`readings.sources.${r.source}`) },
            {
              title: t('readings.check'),
              render: (_, r) => <Flags comparison={compareWithPlatform(r, platformOf(r.element))} />,
            },
            {
              title: t('readings.thisVisit'),
              render: (_, r) =>
                ownReadings.some((o) => o.id === r.id) ? (
                  <Tag color="blue">{t('readings.thisVisit')}</Tag>
                ) : null,
            },
          ]}
        />
      </Space>
    </Card>
  );
}
