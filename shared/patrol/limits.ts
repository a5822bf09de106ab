import { ZodNullable, type z } from 'zod';
import { correctionsCollection } from '../domain/schemas/correction';
import { faultEventsCollection } from '../domain/schemas/fault-event';
import { patrolEventsCollection, patrolsCollection } from '../domain/schemas/patrol';
import { readingsCollection } from '../domain/schemas/reading';

/** A string field's length limit, read from the domain schema (unwrapping `.nullable()`). */
function maxLengthOf(field: z.ZodString | z.ZodNullable<z.ZodString>): number {
  const inner = field instanceof ZodNullable ? field.unwrap() : field;
  const max = inner.maxLength;
  if (typeof max !== 'number') {
    throw new Error('the field has no length limit in its schema');
  }
  return max;
}

/**
 * The text limits a crew meets on the patrol and fault forms, in characters, taken from the domain
 * schemas so a form and the database refuse the same length.
 */
export const textLimits = {
  checklistNote: maxLengthOf(patrolEventsCollection.schema.shape.note),
  readingNote: maxLengthOf(readingsCollection.schema.shape.note),
  outsideRadiusReason: maxLengthOf(patrolsCollection.schema.shape.outsideRadiusReason),
  faultDescription: maxLengthOf(faultEventsCollection.schema.shape.description),
  faultActions: maxLengthOf(faultEventsCollection.schema.shape.actions),
  faultPart: 200,
  correctionReason: maxLengthOf(correctionsCollection.schema.shape.reason),
  correctionValue: maxLengthOf(correctionsCollection.schema.shape.proposedValueJson),
  operatorId: 64,
} as const;
export type TextLimitName = keyof typeof textLimits;

export type TextProblem =
  | { readonly code: 'too-long'; readonly max: number; readonly length: number }
  | { readonly code: 'required' };

/**
 * What is wrong with a text as typed, or null: longer than the field's limit (both numbers named), or
 * empty where required. Length counts UTF-16 code units, as the schema does.
 */
export function checkText(
  text: string,
  limit: TextLimitName,
  options: { readonly required?: boolean } = {},
): TextProblem | null {
  const max = textLimits[limit];
  if (text.length > max) {
    return { code: 'too-long', max, length: text.length };
  }
  if (options.required === true && text.trim().length === 0) {
    return { code: 'required' };
  }
  return null;
}
