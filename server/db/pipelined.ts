import pg from 'pg';

/**
 * A statement with transaction-local settings (role, region, plan mode) in one round trip.
 *
 * The usual shape — BEGIN and SET LOCAL, the statement, COMMIT — is three round trips, each a
 * wake-up of the PostgreSQL backend and of the service. In the extended query protocol the messages
 * before a Sync run as one implicit transaction: a `set_config(…, true)` select, then the statement,
 * then Sync commits both, or neither if either fails. The settings end with that transaction, so
 * the pooled connection goes back clean.
 *
 * node-postgres sends one statement per Sync; this is a `Submittable` of its own that sends two. Its
 * prepared statements live in a namespace of their own (`wrm_pipe_…`) that node-postgres does not
 * track, recorded per connection here. After any error the connection's state is unknown: callers
 * discard it (`release(error)`), and with it the record.
 */

type Statement = { readonly name: string; readonly text: string; readonly values: readonly unknown[] };
type WireStatement = { readonly name: string; readonly text: string; readonly values: (string | null)[] };

const parsedOn = new WeakMap<object, Set<string>>();

/** The text form PostgreSQL parses for each parameter (numbers, strings, string arrays, null). */
export function wireValue(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new Error(`not a number PostgreSQL can take: ${value}`);
    }
    return String(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
    // Array literal: every element quoted, with its backslashes and quotes escaped.
    return `{${value.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  }
  throw new Error(`a pipelined statement takes numbers, strings and string arrays, not ${typeof value}`);
}

/** The settings as one select: `select set_config($1, $2, true), …`. */
export function settingsStatement(settings: Readonly<Record<string, string>>): {
  text: string;
  values: string[];
} {
  const entries = Object.entries(settings);
  if (entries.length === 0) {
    throw new Error('a pipelined statement needs at least one setting');
  }
  const values: string[] = [];
  for (const [name, value] of entries) {
    if (!checkedNames.has(name)) {
      if (!/^[a-z_]+(\.[a-z_]+)?$/.test(name)) {
        throw new Error(`not a transaction setting: ${name}`);
      }
      checkedNames.add(name);
    }
    values.push(name, value);
  }
  // Every push builds this; the text depends only on how many settings there are.
  let text = textFor[entries.length];
  if (text === undefined) {
    text = `select ${entries.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`;
    textFor[entries.length] = text;
  }
  return { text, values };
}

const checkedNames = new Set<string>();
const textFor: string[] = [];

class SettingsThenStatement extends pg.Query {
  constructor(
    private readonly steps: readonly [WireStatement, WireStatement],
    callback: (error: Error | undefined, result: unknown) => void,
  ) {
    super({ text: steps[1].text }, callback as never);
  }

  override submit = (connection: pg.Connection): void => {
    const parsed = parsedOn.get(connection) ?? new Set<string>();
    parsedOn.set(connection, parsed);
    const stream = connection.stream as { cork?: () => void; uncork?: () => void };
    stream.cork?.();
    try {
      for (const step of this.steps) {
        // The unnamed statement is parsed every time; a named one once per connection.
        if (step.name === '' || !parsed.has(step.name)) {
          connection.parse({ name: step.name, text: step.text, types: [] }, true);
          if (step.name !== '') {
            parsed.add(step.name);
          }
        }
        connection.bind({ portal: '', statement: step.name, values: step.values }, true);
        connection.describe({ type: 'P', name: '' }, true);
        connection.execute({ portal: '' }, true);
      }
      connection.sync();
    } finally {
      stream.uncork?.();
    }
  };
}

/**
 * Sends the settings and the statement in one round trip on `client`; answers the statement's rows.
 * On failure the client must be released with the error, so the pool discards it.
 */
export function runPipelined<R>(
  client: pg.PoolClient,
  settings: { readonly name: string; readonly text: string; readonly values: readonly string[] },
  statement: Statement,
): Promise<R[]> {
  let steps: [WireStatement, WireStatement];
  try {
    // Mapped before anything is sent: a value that cannot be sent fails here, the connection untouched.
    steps = [
      { ...settings, values: settings.values.map(wireValue) },
      { ...statement, values: statement.values.map(wireValue) },
    ];
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return new Promise((resolve, reject) => {
    const query = new SettingsThenStatement(steps, (error, result) => {
      if (error !== undefined && error !== null) {
        reject(error);
        return;
      }
      // Two statements, two results: the settings' one row, then the statement's rows.
      const results = result as { rows: R[] }[];
      const last = Array.isArray(results) ? results[results.length - 1] : undefined;
      if (last === undefined) {
        reject(new Error('the pipelined statement returned no result'));
        return;
      }
      resolve(last.rows);
    });
    void client.query(query as never);
  });
}
