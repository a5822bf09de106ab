import { useTranslation } from 'react-i18next';
import { elementBounds, parseTypedValue } from '#shared/patrol/readings';

/** The message for a typed value that cannot be saved, naming the element's range where it matters. */
export function useValueProblem(element: string, text: string, unit: string): string | null {
  const { t } = useTranslation('patrols');
  if (text.trim().length === 0) {
    return null;
  }
  const parsed = parseTypedValue(element, text, unit);
  if (parsed.ok) {
    return null;
  }
  const bounds = elementBounds(element, unit);
  return t(`readings.problems.${parsed.error.code}`, {
    text: text.trim(),
    min: bounds?.min ?? '',
    max: bounds?.max ?? '',
    unit,
    defaultValue: parsed.error.message,
  });
}
