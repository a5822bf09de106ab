import { ExperimentOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildDiagnosticSession } from '#shared/diagnostics/session-record';
import { hj212QcChecks, type Hj212QcCheck, type Hj212QcResult } from '#shared/protocols/hj212/qc';
import { useDatabase, writeFieldEvent } from '../../db/index';
import { useAuthor } from '../patrols/index';
import { Hj212EditionTag } from './Hj212EditionTag';
import { failureText } from './lib/failure-text';
import type { DiagnosticsLine } from './lib/use-line';
import type { Workbench } from './lib/workbench';
import { qcSessionParts } from './qc-record';

type EditionChoice = 'auto' | 'hj212-2017' | 'hj212-2025';

/**
 * 质控核查: one analyser QC command on an HJ 212 logger (3011 零点/量程校准, 2025's 2062 标样核查), its
 * answer, and saving it as the instrument's QC record (a diagnostic session with one `hj212.qc` verdict).
 * What the reference leaves open about each check is shown beside it.
 */
export function QcPanel(props: {
  readonly w: Workbench;
  readonly line: DiagnosticsLine;
  readonly patrolId: string | null;
  readonly faultId: string | null;
}) {
  const { t } = useTranslation('diagnostics');
  const db = useDatabase();
  const author = useAuthor();
  const { w, line } = props;
  const [mn, setMn] = useState(w.site?.station?.address ?? '');
  const [polId, setPolId] = useState('w21003');
  const [check, setCheck] = useState<Hj212QcCheck>('zero');
  const [edition, setEdition] = useState<EditionChoice>('auto');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<{ at: number; result: Hj212QcResult } | null>(null);
  const [saved, setSaved] = useState(false);
  const open = line.state.state === 'open';
  const validInput = /^[0-9A-Za-z]{1,24}$/.test(mn) && /^[a-z]\d{5}$/.test(polId);

  const start = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    const at = author.now();
    const r = await line.call('diagnostics.hj212Qc', {
      check,
      polId,
      mn,
      ...(edition === 'auto' ? {} : { edition }),
    });
    setBusy(false);
    if (r.ok) {
      setRun({ at, result: r.value });
    } else {
      setError(failureText(t, r));
    }
  };

  const label = (c: Hj212QcCheck) => t(`qc.checks.${c}`);
  const save = async () => {
    if (run === null || w.site === null) {
      return;
    }
    const r = run.result;
    const words = { check: label(r.check), polId: r.polId, exeRtn: r.exeRtn ?? '' };
    const parts = qcSessionParts(r, t(`qc.verdict.${r.status}`, words));
    const built = buildDiagnosticSession(
      {
        site: w.site,
        equipmentId: w.equipment?.id ?? null,
        patrolId: props.patrolId,
        faultId: props.faultId,
        protocol: 'hj212-2017',
        portPath: line.state.path ?? w.path ?? '',
        serial: line.state.serial ?? w.serial,
        startedAt: run.at,
        frames: line.frames.filter((f) => f.at >= run.at),
        values: parts.values,
        verdicts: [parts.verdict],
        snapshot: null,
        summary: t('qc.summary', { ...words, status: t(`qc.status.${r.status}`) }),
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
    setSaved(true);
  };

  const r = run?.result ?? null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="qc-panel">
      <Space wrap>
        <Input
          style={{ width: 240 }}
          addonBefore={t('qc.mn')}
          value={mn}
          onChange={(e) => setMn(e.target.value.trim())}
          data-testid="qc-mn"
        />
        <Input
          style={{ width: 220 }}
          addonBefore={t('qc.polId')}
          value={polId}
          onChange={(e) => setPolId(e.target.value.trim())}
          data-testid="qc-pol"
        />
        <Select
          style={{ width: 260 }}
          aria-label={t('qc.check')}
          value={check}
          onChange={(v: Hj212QcCheck) => setCheck(v)}
          options={hj212QcChecks.map((c) => ({ value: c, label: label(c) }))}
          data-testid="qc-check"
        />
        <Select
          style={{ width: 160 }}
          aria-label={t('qc.edition')}
          value={edition}
          onChange={(v: EditionChoice) => setEdition(v)}
          options={[
            { value: 'auto', label: t('qc.editionAuto') },
            { value: 'hj212-2017', label: 'HJ 212-2017' },
            { value: 'hj212-2025', label: 'HJ 212-2025' },
          ]}
        />
        <Button
          icon={<ExperimentOutlined />}
          loading={busy}
          disabled={!open || !validInput}
          onClick={() => void start()}
          data-testid="qc-run"
        >
          {t('qc.button')}
        </Button>
      </Space>
      <Alert type="info" showIcon message={t(`qc.uncertain.${check}`)} data-testid="qc-uncertain" />
      {error !== null && <Alert type="error" showIcon message={error} />}
      {r !== null && (
        <Space orientation="vertical" data-testid="qc-result">
          <Space wrap>
            <Tag color={r.status === 'done' ? 'green' : 'red'}>{t(`qc.status.${r.status}`)}</Tag>
            <Typography.Text>
              {t('qc.result', { check: label(r.check), polId: r.polId, status: t(`qc.status.${r.status}`) })}
            </Typography.Text>
            {r.edition !== null && (
              <Hj212EditionTag edition={{ edition: r.edition, reason: r.editionReason ?? '' }} />
            )}
          </Space>
          {r.exeRtn !== null && (
            <Typography.Text type="secondary">
              {t('qc.exeRtn', { code: r.exeRtn, name: r.exeRtnName ?? '' })}
            </Typography.Text>
          )}
          <Typography.Text>
            {r.values.length === 0
              ? t('qc.noValues')
              : r.values
                  .map((v) => `${v.key} = ${v.value}${v.flag === null ? '' : ` (${v.flag})`}`)
                  .join('; ')}
          </Typography.Text>
          {w.site === null ? (
            <Alert type="warning" showIcon message={t('qc.noSite')} />
          ) : (
            <Button
              icon={<SaveOutlined />}
              disabled={saved}
              onClick={() => void save()}
              data-testid="qc-save"
            >
              {t('qc.save')}
            </Button>
          )}
          {saved && <Alert type="success" showIcon message={t('qc.saved')} data-testid="qc-saved" />}
        </Space>
      )}
    </Space>
  );
}
