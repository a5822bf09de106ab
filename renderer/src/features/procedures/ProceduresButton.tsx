import { BookOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaultCategory, SiteKind } from '#shared/domain/index';
import { proceduresFor } from '#shared/procedures/procedures';
import { useRecords } from '../../db/index';
import { usePolicy } from '../../policy/index';

const pick = (text: { readonly 'zh-CN': string; readonly 'en-US': string }, language: string) =>
  language.startsWith('en') ? text['en-US'] : text['zh-CN'];

/** The equipment models registered at a site (what a procedure per model is matched against). */
export function useSiteModels(siteId: string): readonly (string | null)[] {
  const equipment = useRecords('equipment', { selector: { siteId } });
  return useMemo(
    () => (equipment.status === 'ready' ? equipment.value.map((e) => e.model) : []),
    [equipment],
  );
}

/**
 * 操作规程: a link, next to a checklist item or on a fault, to the province's procedures that concern
 * it (from the policy on this laptop, so offline too), opened in a drawer, step by step. A demo
 * procedure says it is one. Nothing is shown where no procedure concerns it.
 */
export function ProceduresButton(props: {
  readonly siteKind: SiteKind;
  readonly models: readonly (string | null)[];
  readonly itemId?: string;
  readonly faultCategory?: FaultCategory | null;
  readonly testId: string;
}) {
  const { t, i18n } = useTranslation('procedures');
  const policy = usePolicy();
  const [open, setOpen] = useState(false);
  const { siteKind, models, itemId, faultCategory } = props;
  const list = useMemo(
    () =>
      proceduresFor(policy.procedures, {
        siteKind,
        models,
        ...(itemId === undefined ? {} : { itemId }),
        ...(faultCategory === undefined ? {} : { faultCategory }),
      }),
    [policy.procedures, siteKind, models, itemId, faultCategory],
  );
  if (list.length === 0) {
    return null;
  }
  return (
    <>
      <Button
        size="small"
        type="link"
        icon={<BookOutlined />}
        onClick={() => setOpen(true)}
        data-testid={props.testId}
      >
        {t('open', { count: list.length })}
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('title')}
        size={560}
        data-testid="procedures-drawer"
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {list.map((p) => (
            <Card
              key={p.id}
              size="small"
              title={pick(p.title, i18n.language)}
              extra={
                <Space size={4}>
                  <Tag>{t(`kinds.${p.kind}`)}</Tag>
                  {p.demo && (
                    <Tag color="orange" data-testid="procedure-demo">
                      {t('demo')}
                    </Tag>
                  )}
                </Space>
              }
              data-testid={`procedure-${p.id}`}
            >
              {p.demo && <Typography.Paragraph type="warning">{t('demoNote')}</Typography.Paragraph>}
              {p.reference !== '' && (
                <Typography.Paragraph type="secondary">
                  {t('reference', { reference: p.reference })}
                </Typography.Paragraph>
              )}
              <ol style={{ paddingInlineStart: 20, margin: 0 }}>
                {p.steps.map((step, i) => (
                  <li key={i}>{pick(step, i18n.language)}</li>
                ))}
              </ol>
            </Card>
          ))}
        </Space>
      </Drawer>
    </>
  );
}
