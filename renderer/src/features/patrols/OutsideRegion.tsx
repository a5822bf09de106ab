import { Alert, App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutsideRegion } from './lib/region';

/** The warning shown on a form that starts work outside the enrolled region. */
export function OutsideRegionAlert({ outside }: { readonly outside: OutsideRegion | null }) {
  const { t } = useTranslation('patrols');
  return outside === null ? null : (
    <Alert
      type="warning"
      showIcon
      data-testid="outside-region-warning"
      message={t('region.outsideTitle')}
      description={t('region.outside', { ...outside })}
    />
  );
}

/**
 * Asks before work outside the enrolled region starts: a confirm naming the site's division and the
 * region. Resolves true when the crew goes ahead (or when the site is inside).
 */
export function useConfirmOutsideRegion(): (outside: OutsideRegion | null) => Promise<boolean> {
  const { t } = useTranslation('patrols');
  const { modal } = App.useApp();
  return useCallback(
    (outside) =>
      outside === null
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            modal.confirm({
              title: t('region.confirmTitle'),
              content: (
                <span data-testid="outside-region-confirm">{t('region.outside', { ...outside })}</span>
              ),
              okText: t('region.confirmOk'),
              cancelText: t('region.confirmCancel'),
              okButtonProps: { 'data-testid': 'outside-region-go' },
              cancelButtonProps: { 'data-testid': 'outside-region-cancel' },
              onOk: () => resolve(true),
              onCancel: () => resolve(false),
            });
          }),
    [modal, t],
  );
}
