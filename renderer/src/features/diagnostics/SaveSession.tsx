import { SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { failureText } from './lib/failure-text';
import { parseSnapshot } from '#shared/diagnostics/rtu-snapshot';
import { buildDiagnosticSession, previousSnapshotSession } from '#shared/diagnostics/session-record';
import type { SiteHealth } from '#shared/domain/index';
import type { PollingRunRecord } from '#shared/domain/schemas/diagnostic-session';
import { counterSwapsOf } from '#shared/verdicts/index';
import { navigate } from '../../app/router';
import { useDatabase, useRecords, writeFieldEvent } from '../../db/index';
import { useAuthor } from '../patrols/index';
import { savedValue } from './lib/protocol-names';
import type { DiagnosticsLine } from './lib/use-line';
import { reconcileOf, sessionVerdicts } from './lib/verdicts';
import { sessionProtocol, snapshotOf, type Workbench } from './lib/workbench';

/** Save the visit as a DiagnosticSession (append-only field record) linked to site, patrol and fault. */
export function SaveSession(props: {
  readonly w: Workbench;
  readonly line: DiagnosticsLine;
  readonly health: SiteHealth | null;
  readonly manualMeter: number | null;
  readonly patrolId: string | null;
  readonly faultId: string | null;
  /** Polling runs ended during this visit, saved with it. */
  readonly pollingRuns?: readonly PollingRunRecord[];
  readonly onSaved: (id: string) => void;
}) {
  const { t, i18n } = useTranslation('diagnostics');
  const db = useDatabase();
  const author = useAuthor();
  const { w, line } = props;
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const sessions = useRecords('diagnostic_sessions', { selector: { siteId: w.site?.id ?? '' } });
  const readings = useRecords('readings', { selector: { siteId: w.site?.id ?? '' } });

  const save = async () => {
    if (w.site === null) {
      return;
    }
    setError(null);
    const snapshot = snapshotOf(w);
    const prev = sessions.status === 'ready' ? previousSnapshotSession(sessions.value, w.startedAt) : null;
    const rec = reconcileOf(
      w,
      props.health,
      props.manualMeter,
      counterSwapsOf(readings.status === 'ready' ? readings.value : []),
    );
    const zh = i18n.language.startsWith('zh');
    const values = [
      ...(w.reading?.values ?? [])
        .filter((v) => v.value !== null)
        .map((v) => ({
          name: zh ? v.name.zh : v.name.en,
          names: v.name,
          value: v.value ?? 0,
          unit: v.unit === '' ? null : v.unit,
        })),
      ...Object.values(w.szy).flatMap((a) => a.values.map((v) => savedValue(v, i18n.language))),
    ];
    const built = buildDiagnosticSession(
      {
        site: w.site,
        equipmentId: w.equipment?.id ?? null,
        patrolId: props.patrolId,
        faultId: props.faultId,
        protocol: sessionProtocol(w),
        portPath: line.state.path ?? w.path ?? '',
        serial: line.state.serial ?? w.serial,
        startedAt: w.startedAt,
        frames: line.frames.filter((f) => f.at >= w.startedAt),
        values,
        verdicts: sessionVerdicts(t, w, rec, snapshot, parseSnapshot(prev?.snapshotJson)),
        snapshot,
        summary: summary.trim() === '' ? null : summary.trim(),
        ...(props.pollingRuns === undefined ? {} : { pollingRuns: props.pollingRuns }),
      },
      author,
    );
    if (!built.ok) {
      setError(failureText(t, built.error));
      return;
    }
    const written = await writeFieldEvent(db, 'diagnostic_sessions', built.value);
    if (!written.ok) {
      setError(failureText(t, written.error));
      return;
    }
    setSaved(built.value.id);
    props.onSaved(built.value.id);
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          style={{ width: 420 }}
          placeholder={t('save.summary')}
          value={summary}
          maxLength={900}
          onChange={(e) => setSummary(e.target.value)}
          data-testid="diag-summary"
        />
        <Button
          type="primary"
          icon={<SaveOutlined />}
          disabled={w.site === null}
          onClick={() => void save()}
          data-testid="diag-save"
        >
          {t('save.button')}
        </Button>
      </Space>
      {error !== null && <Alert type="error" showIcon message={error} />}
      {saved !== null && (
        <Alert
          type="success"
          showIcon
          data-testid="diag-saved"
          message={t('save.saved')}
          action={
            <Space>
              <Button size="small" onClick={() => navigate(`/diagnostics/sessions/${saved}`)}>
                {t('save.open')}
              </Button>
              {w.site !== null && (
                <Button
                  size="small"
                  onClick={() => navigate(`/sites/${encodeURIComponent(w.site?.id ?? '')}`)}
                  data-testid="diag-open-site"
                >
                  {t('save.site')}
                </Button>
              )}
            </Space>
          }
        />
      )}
    </Space>
  );
}
