import { useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFindingEventRecord } from '#shared/domain/index';
import { buildAuditEvent, type AuditEventDraft, type AuditEventTarget } from '../../db/audit-events';
import { writeAuditEvent } from '../../db/audit-event-store';
import { useDatabase } from '../../db/index';
import { useSyncController } from '../../sync/runtime';
import { actionAuthor, useAuthor } from '../patrols/index';

/** The account name of who acts: the enrolled account, or the crew's name on a laptop not enrolled. */
function useActorName(): string {
  const controller = useSyncController();
  const author = useAuthor();
  const username = useSyncExternalStore(
    (l) => controller?.store.subscribe(l) ?? (() => undefined),
    () => controller?.store.get().settings?.account.username ?? null,
  );
  return username ?? author.operatorId;
}

/**
 * How the data-audit section saves one action on a finding: refused before writing when the fold
 * would not take it (the refusal in the crew's words from the catalog); once per press — a second
 * press while saving is ignored, and a retry with no edit in between writes the very same record,
 * which the store treats as a no-op.
 */
export function useAuditWrite() {
  const { t } = useTranslation('sites');
  const db = useDatabase();
  const author = useAuthor();
  const by = useActorName();
  const held = useRef<{ key: string; record: AuditFindingEventRecord } | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const write = async (
    target: AuditEventTarget,
    draft: AuditEventDraft,
  ): Promise<AuditFindingEventRecord | null> => {
    if (saving) {
      return null;
    }
    setError(null);
    const key = `${target.findingKey}|${JSON.stringify(draft)}`;
    let record = held.current?.key === key ? held.current.record : null;
    if (record === null) {
      const made = buildAuditEvent(target, draft, actionAuthor(author), by);
      if (!made.ok) {
        setError(t(`audit.refusals.${made.error.code}`, { message: made.error.message }));
        return null;
      }
      record = made.value;
      held.current = { key, record };
    }
    setSaving(true);
    try {
      const written = await writeAuditEvent(db, record);
      if (!written.ok) {
        setError(written.error.message);
        return null;
      }
      return record;
    } finally {
      setSaving(false);
    }
  };

  /** The form changed: the next press is a new action. */
  const edited = () => {
    held.current = null;
  };

  return { write, error, setError, edited, saving };
}
