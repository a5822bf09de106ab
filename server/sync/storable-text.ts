/**
 * PostgreSQL keeps text as UTF-8 without NUL: a NUL character, or half of a UTF-16 surrogate pair
 * (which has no UTF-8 form), is refused by `jsonb` and by `text` alike — or, in a text parameter,
 * silently replaced by U+FFFD. A record holding one cannot be stored as it was sent.
 */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `text` can be stored and read back unchanged. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !loneSurrogate.test(text);
}

/**
 * The path of the first string (value or key) in a JSON value that PostgreSQL cannot store as it is,
 * e.g. `note` or `frames.0.note`; null when every string can be stored.
 */
export function unstorableTextPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    return isStorableText(value) ? null : path === '' ? '(value)' : path;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = unstorableTextPath(value[i], path === '' ? String(i) : `${path}.${i}`);
      if (found !== null) {
        return found;
      }
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (!isStorableText(key)) {
      return `${at} (the field name)`;
    }
    const found = unstorableTextPath((value as Record<string, unknown>)[key], at);
    if (found !== null) {
      return found;
    }
  }
  return null;
}
