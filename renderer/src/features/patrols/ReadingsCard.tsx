import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LastValue, Patrol, Reading, Site } from '#shared/domain/index';
import {
  buildReading,
  compareWithPlatform,
  currentReadings,
  elementBounds,
  elementSpecs,
  parseTypedValue,
  supersededChain,
  toCanonical,
  type ReadingComparison,
} from '#shared/patrol/readings';
import { counterSwapsOf } from '#shared/verdicts/index';
import { useRecord, useRecords } from '../../db/index';
import { formatDateTime } from '../../i18n/format';
import { DraftNotice } from './DraftNotice';
import { ReadingCorrection } from './ReadingCorrection';
import { ReadingWithdrawal } from './ReadingWithdrawal';
import { useAuthor } from './lib/author';
import { useClock } from './lib/clock';
import { useDraft } from './lib/drafts';
import { useValueProblem } from './lib/use-value-problem';
import { useWriteOnce } from './lib/use-write-once';
import { actionAuthor } from './lib/write-once';

type ReadingDraft = {
  readonly element: string | null;
  readonly unit: string | null;
  readonly text: string;
  readonly sessionId: string | null;
};
const emptyDraft: ReadingDraft = { element: null, unit: null, text: '', sessionId: null };
const isEmptyDraft = (d: ReadingDraft) => d.text.trim().length === 0;

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
  const author = useAuthor();
  const once = useWriteOnce();
  const readings = useRecords('readings', { selector: { siteId: props.site.id } });
  const health = useRecord('site_health', props.site.id);
  const sessions = useRecords('diagnostic_sessions', { selector: { siteId: props.site.id } });
  const elements = [...new Set([...props.site.elements, 'battery', 'signal'])].filter(
    (e) => e in elementSpecs,
  );
  const lastValues = (health.status === 'ready' ? health.value?.lastValues : undefined) ?? [];
  const draft = useDraft<ReadingDraft>(`reading.${props.patrol.id}`, emptyDraft, isEmptyDraft);
  const update = (change: Partial<ReadingDraft>) => {
    once.edited();
    draft.set({ ...draft.value, ...change });
  };
  // Until the crew picks one: the first element the platform has a value for, to compare against.
  const element =
    draft.value.element ??
    elements.find((e) => lastValues.some((v) => v.element === e)) ??
    elements[0] ??
    'volume';
  const spec = elementSpecs[element];
  const unit = draft.value.unit ?? spec?.unit ?? '';
  const sessionId = draft.value.sessionId;
  const text = draft.value.text;
  const parsed = text.trim().length === 0 ? null : parseTypedValue(element, text, unit);
  const value = parsed?.ok === true ? parsed.value : null;
  const problem = useValueProblem(element, text, unit);
  const bounds = elementBounds(element, unit);
  const [error, setError] = useState<string | null>(null);
  const now = useClock();

  const platformOf = (el: string): LastValue | null => lastValues.find((v) => v.element === el) ?? null;
  const stored = readings.status === 'ready' ? readings.value : [];
  const all = currentReadings(stored);
  // 换表: a reading after a meter swap is compared on the scale of the platform's older value.
  const swaps = counterSwapsOf(stored);
  // Withdrawals of this visit stay listed (what was taken back, and why); they count nowhere.
  const withdrawn = stored.filter((r) => r.patrolId === props.patrol.id && r.withdrawn === true);
  const previous = all.filter((r) => r.element === element).slice(0, 5);
  const canonical = value === null ? null : toCanonical(element, value, unit);
  const preview =
    canonical?.ok === true
      ? compareWithPlatform(
          { element, value: canonical.value.value, takenAt: now },
          platformOf(element),
          swaps,
        )
      : null;

  const save = async () => {
    if (value === null) {
      return;
    }
    setError(null);
    const outcome = await once.run(`${element}|${text.trim()}|${unit}|${sessionId ?? ''}`, () => {
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
        actionAuthor(author),
      );
      return made.ok
        ? { ok: true, records: made.value, items: [{ collection: 'readings', record: made.value }] }
        : { ok: false, code: made.error.code, message: made.error.message };
    });
    if (outcome.status === 'refused') {
      setError(t(`refusals.${outcome.code}`));
    } else if (outcome.status === 'failed') {
      setError(outcome.error.message);
    } else if (outcome.status === 'saved') {
      draft.set({ ...draft.value, text: '' });
    }
  };

  const platform = platformOf(element);
  const ownReadings = all.filter((r) => r.patrolId === props.patrol.id);
  return (
    <Card title={t('readings.title')} data-testid="readings">
      <Space direction="vertical" style={{ width: '100%' }}>
        <DraftNotice
          restoredAt={draft.restoredAt}
          onDiscard={draft.discard}
          onClose={draft.dismissNotice}
          testId="reading-draft-restored"
        />
        {!props.closed && (
          <Form layout="inline">
            <Form.Item label={t('readings.element')}>
              <Select
                style={{ width: 150 }}
                value={element}
                data-testid="reading-element"
                onChange={(e: string) => update({ element: e, unit: null })}
                options={elements.map((e) => ({ value: e, label: t(`elements.${e}`) }))}
              />
            </Form.Item>
            <Form.Item
              label={t('readings.value')}
              validateStatus={problem === null ? undefined : 'error'}
              help={problem ?? (bounds === null ? undefined : t('readings.range', { ...bounds }))}
            >
              <Input
                style={{ width: 160 }}
                inputMode="decimal"
                value={text}
                onChange={(e) => update({ text: e.target.value })}
                onPressEnter={() => void save()}
                data-testid="reading-value"
              />
            </Form.Item>
            <Form.Item label={t('readings.unit')}>
              <Select
                style={{ width: 100 }}
                value={unit}
                onChange={(u: string) => update({ unit: u })}
                data-testid="reading-unit"
                options={Object.keys(spec?.units ?? {}).map((u) => ({ value: u, label: u }))}
              />
            </Form.Item>
            <Form.Item label={t('readings.source')}>
              <Select
                style={{ width: 220 }}
                value={sessionId ?? 'manual'}
                onChange={(v: string) => update({ sessionId: v === 'manual' ? null : v })}
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
              loading={once.saving}
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
        {withdrawn.length > 0 && (
          <Typography.Text type="secondary" data-testid="readings-withdrawn">
            {t('readings.withdrawnList', {
              list: withdrawn
                .map((w) =>
                  t('readings.withdrawnItem', { value: `${w.value} ${w.unit}`, reason: w.note ?? '' }),
                )
                .join(t('summary.separator')),
            })}
          </Typography.Text>
        )}
        <Table<Reading>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={previous}
          data-testid="previous-readings"
          locale={{ emptyText: t('readings.none') }}
          columns={[
            { title: t('readings.takenAt'), render: (_, r) => formatDateTime(r.takenAt, i18n.language) },
            {
              title: t('readings.value'),
              render: (_, r) => {
                const chain = supersededChain(r, stored);
                return (
                  <Space size={4}>
                    <span>{`${r.value} ${r.unit}`}</span>
                    {chain.length > 0 && (
                      <Tooltip
                        title={t('readings.correctedFrom', {
                          values: chain.map((c) => `${c.value} ${c.unit}`).join(' ← '),
                          reason: r.note ?? '',
                        })}
                      >
                        <Tag color="orange" data-testid="reading-corrected">
                          {t('readings.corrected')}
                        </Tag>
                      </Tooltip>
                    )}
                  </Space>
                );
              },
            },
            { title: t('readings.source'), render: (_, r) => t(`readings.sources.${r.source}`) },
            {
              title: t('readings.check'),
              render: (_, r) => <Flags comparison={compareWithPlatform(r, platformOf(r.element), swaps)} />,
            },
            {
              title: t('readings.thisVisit'),
              render: (_, r) =>
                ownReadings.some((o) => o.id === r.id) ? (
                  <Space size={4}>
                    <Tag color="blue">{t('readings.thisVisit')}</Tag>
                    {!props.closed && <ReadingCorrection reading={r} all={stored} />}
                    {!props.closed && <ReadingWithdrawal reading={r} all={stored} />}
                  </Space>
                ) : null,
            },
          ]}
        />
      </Space>
    </Card>
  );
}
