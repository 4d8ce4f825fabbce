import type { Knex } from 'knex';
import type { Database, Statement } from 'sqlite3';

/**
 * Prepared statements kept on the store's one SQLite connection, for the statement every create
 * runs. knex builds, compiles and prepares a statement per call; a create spent about 230 µs of
 * CPU in knex and SQLite that way, 90 µs with the statement prepared once (ADR 020).
 */
export interface PreparedStatements {
  /** Runs `sql` with positional values outside any transaction, and answers its rows. */
  all(sql: string, values: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** How many statements are prepared now. */
  size(): number;
  /** Finalizes every statement (before the connection closes). */
  close(): Promise<void>;
}

interface KnexClient {
  acquireConnection(): Promise<Database>;
  releaseConnection(connection: Database): Promise<void>;
}

const maxStatements = 64;

/** Prepares `sql`; a refused statement rejects (without a callback sqlite3 emits it unheard). */
function prepare(connection: Database, sql: string): Promise<Statement> {
  return new Promise((resolve, reject) => {
    const statement = connection.prepare(sql, (err: Error | null) =>
      err ? reject(err) : resolve(statement),
    );
  });
}

export function createPreparedStatements(db: Knex): PreparedStatements {
  const client = db.client as KnexClient;
  let connection: Database | null = null;
  const statements = new Map<string, Statement>();

  const finalizeAll = async () => {
    const open = [...statements.values()];
    statements.clear();
    await Promise.all(open.map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
  };

  return {
    async all(sql, values) {
      // Acquired at once, like knex's own queries: the pool serves them in order, so a change
      // tracking read started after this write's version was handed out still waits for it.
      const acquired = await client.acquireConnection();
      try {
        if (acquired !== connection) {
          await finalizeAll();
          connection = acquired;
        }
        let statement = statements.get(sql);
        if (!statement) {
          // One statement per column set a client sends: bounded, whatever the clients send.
          if (statements.size >= maxStatements) await finalizeAll();
          statement = await prepare(acquired, sql);
          statements.set(sql, statement);
        }
        const prepared = statement;
        // Counted like knex's queries (the benchmarks count statements per record).
        db.emit('query', { sql, bindings: values });
        return await new Promise<Record<string, unknown>[]>((resolve, reject) =>
          prepared.all([...values], (err: Error | null, rows: Record<string, unknown>[]) =>
            err ? reject(err) : resolve(rows),
          ),
        );
      } finally {
        await client.releaseConnection(acquired);
      }
    },
    size: () => statements.size,
    close: finalizeAll,
  };
}
