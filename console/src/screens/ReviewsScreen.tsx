import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { platformPaths, type ReviewItem } from '#shared/sync/index';
import { apiJson } from '../api';
import { useErrorText } from '../errors';
import { formatTime } from '../format';
import { useLoad } from '../useLoad';

const valuesOf = (doc: Record<string, unknown>, fields: readonly string[]) =>
  fields.map((f) => `${f}: ${JSON.stringify(doc[f] ?? null)}`).join('; ');

/** Overlapping offline edits of the region, for an admin to decide. */
export function ReviewsScreen() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const reviews = useLoad(() =>
    apiJson<{ reviews: ReviewItem[] }>('GET', `${platformPaths.reviews}?status=open`),
  );
  const [problem, setProblem] = useState<string | null>(null);

  const decide = async (item: ReviewItem, decision: 'accept' | 'reject') => {
    setProblem(null);
    try {
      await apiJson('POST', platformPaths.resolveReview(item.id), { decision });
    } catch (error) {
      setProblem(errorText(error));
    }
    reviews.reload();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('reviews.title')}
        </Typography.Title>
        <Button onClick={reviews.reload}>{t('common.refresh')}</Button>
      </Space>
      {problem !== null && <Alert type="error" title={problem} />}
      {reviews.error !== null && <Alert type="error" title={errorText(reviews.error)} />}
      <Table<ReviewItem>
        rowKey="id"
        data-testid="reviews-table"
        loading={reviews.loading}
        dataSource={reviews.data?.reviews ?? []}
        locale={{ emptyText: t('reviews.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: t('reviews.created'), render: (_, r) => formatTime(r.createdAt, i18n.language, '') },
          { title: t('reviews.collection'), dataIndex: 'collection' },
          { title: t('reviews.record'), dataIndex: 'recordId' },
          { title: t('reviews.division'), dataIndex: 'divisionCode' },
          { title: t('reviews.proposed'), render: (_, r) => valuesOf(r.proposed, r.fields) },
          { title: t('reviews.current'), render: (_, r) => valuesOf(r.current, r.fields) },
          { title: t('common.status'), render: (_, r) => <Tag>{t(`reviews.${r.status}`)}</Tag> },
          {
            title: t('common.actions'),
            render: (_, r) =>
              r.status === 'open' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => void decide(r, 'accept')}>
                    {t('reviews.accept')}
                  </Button>
                  <Button size="small" onClick={() => void decide(r, 'reject')}>
                    {t('reviews.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}
