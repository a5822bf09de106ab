import { SwapOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';

/** Opens the swap form for a repair: the swap is filed with the ticket (its photos too). */
export function SwapLink(props: { readonly siteId: string; readonly faultId: string }) {
  const { t } = useTranslation('swaps');
  const query = new URLSearchParams({ faultId: props.faultId });
  return (
    <Button
      icon={<SwapOutlined />}
      onClick={() => navigate(`/sites/${props.siteId}/swap?${query.toString()}`)}
      data-testid="fault-swap"
    >
      {t('open')}
    </Button>
  );
}
