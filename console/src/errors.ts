import { useTranslation } from 'react-i18next';
import { ApiError } from './api';

const known = new Set([
  'unauthorized',
  'revoked',
  'forbidden',
  'outside-region',
  'not-found',
  'bad-credentials',
  'rate-limited',
  'invalid-body',
  'import-invalid',
  'network',
]);

/** An error as the operator reads it: the console's text for its code, with the service's message. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    const code = error instanceof ApiError ? error.code : 'other';
    const message = error instanceof Error ? error.message : String(error);
    return t(`errors.${known.has(code) ? code : 'other'}`, { message });
  };
}
