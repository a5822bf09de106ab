import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format';
import { usePolicySource } from './policy-runtime';
import { usePolicy } from './policy-store';

/** Which province policy this laptop judges with: its version, and whether the service sent it. */
export function PolicyInForce() {
  const { t, i18n } = useTranslation('settings');
  const policy = usePolicy();
  const source = usePolicySource();
  const received =
    source !== null && source.serviceUrl !== null && source.policy.version === policy.version
      ? source.receivedAt
      : null;
  return (
    <span data-testid="policy-version">
      {received === null
        ? t('settings:policyBuiltIn', { version: policy.version })
        : t('settings:policyFromService', {
            version: policy.version,
            received: formatDateTime(received, i18n.language),
          })}
    </span>
  );
}
