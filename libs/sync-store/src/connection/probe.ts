import knexFactory from 'knex';

/**
 * Whether a PostgreSQL server answers `select 1` within `timeoutMs`: null when it does, else the
 * reason (the driver's message). One short-lived connection, closed before returning.
 */
export async function postgresProblem(
  connectionString: string,
  timeoutMs = 2000,
): Promise<string | null> {
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString, connectionTimeoutMillis: timeoutMs },
    pool: { min: 0, max: 1 },
  });
  try {
    await knex.raw('select 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await knex.destroy();
  }
}
