import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';

export function PlaceholderPage() {
  const { t } = useTranslation('common');
  return <Empty description={t('placeholder.comingSoon')} data-testid="placeholder" />;
}
