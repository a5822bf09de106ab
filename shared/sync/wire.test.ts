import { describe, expect, it } from 'vitest';
import { pushRequestSchema } from './wire';

const row = (newDocumentState: unknown, assumedMasterState: unknown = null) => ({
  assumedMasterState,
  newDocumentState,
});

describe('the push body on the wire', () => {
  it('takes rows with an id and a deletion flag, and hands the records on as they came', () => {
    const doc = { id: 'rd-1', _deleted: false, value: 42.5, 说明: '读数' };
    const parsed = pushRequestSchema.parse({ rows: [row(doc, { ...doc, value: 1 })] });
    expect(parsed.rows[0]?.newDocumentState).toBe(doc);
    expect(parsed.rows[0]?.assumedMasterState).toEqual({ ...doc, value: 1 });
  });

  it.each([
    ['no id', { _deleted: false }],
    ['an empty id', { id: '', _deleted: false }],
    ['an id past 64 characters', { id: 'x'.repeat(65), _deleted: false }],
    ['an id that is not text', { id: 7, _deleted: false }],
    ['no deletion flag', { id: 'rd-1' }],
    ['a deletion flag that is not true or false', { id: 'rd-1', _deleted: 'no' }],
    ['an array', [{ id: 'rd-1', _deleted: false }]],
    ['null', null],
  ])('refuses a record with %s, naming where and what', (_what, doc) => {
    const result = pushRequestSchema.safeParse({ rows: [row(doc)] });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['rows', 0, 'newDocumentState']);
    expect(issue?.message).toBe('a record needs an id (1 to 64 characters) and _deleted (true or false)');
  });

  it('refuses rows with fields the protocol does not have, and empty or missing rows', () => {
    expect(
      pushRequestSchema.safeParse({ rows: [{ ...row({ id: 'a', _deleted: false }), extra: 1 }] }).success,
    ).toBe(false);
    expect(pushRequestSchema.safeParse({ rows: [] }).success).toBe(false);
    expect(pushRequestSchema.safeParse({}).success).toBe(false);
  });
});
