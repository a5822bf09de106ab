import { useTranslation } from 'react-i18next';
import type { TextProblem } from '#shared/patrol/limits';

/** The message for a text field as typed: too long (with the limit and the length) or required. */
export function useTextProblem(problem: TextProblem | null): string | null {
  const { t } = useTranslation('patrols');
  if (problem === null) {
    return null;
  }
  return problem.code === 'too-long'
    ? t('limits.tooLong', { max: problem.max, length: problem.length })
    : t('limits.required');
}
