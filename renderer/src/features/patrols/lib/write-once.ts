import type { Author } from '#shared/patrol/author';
import type { FieldEventWrite, WriteFailure, WriteOutcome, WriteResult } from '../../../db/write-events';

/**
 * One button's writes, made once. The records of an action are built (ids drawn, time stamped) when
 * the action starts and held: a second click while the first is being written is ignored, and a click
 * after it with no edit in between — a double-click, or a retry after an error — writes the very same
 * records again, which the store treats as a no-op (issue 14).
 *
 * An action is known by its `key` (the form's input, e.g. `seal-intact|pass|`). Once the form was
 * edited (`edited()`), the next click is a new action, even with the same input (a value read again).
 * Without an edit, a saved action repeats whatever the key (the second click of a double-click lands
 * on a form that was just reset), and a failed one is retried with the same records if the key is the
 * same.
 */
export type OnceOutcome<T> =
  | { readonly status: 'saved'; readonly records: T; readonly repeated: boolean }
  | { readonly status: 'busy' }
  | { readonly status: 'refused'; readonly code: string; readonly message: string }
  | { readonly status: 'failed'; readonly error: WriteFailure };

type Held<T> = {
  readonly key: string;
  readonly records: T;
  readonly items: readonly FieldEventWrite[];
  /** The edit count when the records were built. */
  readonly edits: number;
  saved: boolean;
};

export type Built<T> =
  | { readonly ok: true; readonly records: T; readonly items: readonly FieldEventWrite[] }
  | { readonly ok: false; readonly code: string; readonly message: string };

export class WriteOnce {
  private inFlight = false;
  private held: Held<unknown> | null = null;
  private edits = 0;

  constructor(
    private readonly write: (items: readonly FieldEventWrite[]) => Promise<WriteResult<WriteOutcome>>,
  ) {}

  /** The user changed the form: the next click is a new action. */
  edited(): void {
    this.edits += 1;
  }

  /** Whether `key` is the action held now (saved or not) with no edit since. */
  holds(key: string): boolean {
    return this.held !== null && this.held.key === key && this.held.edits === this.edits;
  }

  /** Whether an action is being written now. */
  get busy(): boolean {
    return this.inFlight;
  }

  /**
   * Runs the action `key`: builds its records once with `build` and writes them, or writes the held
   * records again when this is a repeat. Never throws; a refusal from `build` is returned as is.
   */
  async run<T>(key: string, build: () => Built<T>): Promise<OnceOutcome<T>> {
    if (this.inFlight) {
      return { status: 'busy' };
    }
    this.inFlight = true;
    try {
      const current = this.held;
      const repeat =
        current !== null && current.edits === this.edits && (current.saved || current.key === key);
      let held = repeat ? (current as Held<T>) : null;
      if (held === null) {
        const made = build();
        if (!made.ok) {
          return { status: 'refused', code: made.code, message: made.message };
        }
        held = { key, records: made.records, items: made.items, edits: this.edits, saved: false };
        this.held = held;
      }
      const written = await this.write(held.items);
      if (!written.ok) {
        return { status: 'failed', error: written.error };
      }
      held.saved = true;
      return { status: 'saved', records: held.records, repeated: written.value.written.length === 0 };
    } finally {
      this.inFlight = false;
    }
  }
}

/**
 * An author whose `now` is fixed for one action, so every record built for the action carries the same
 * device time (ids still come from `newId`).
 */
export function actionAuthor(author: Author): Author {
  const at = author.now();
  return { ...author, now: () => at };
}
