/** PostgreSQL's SQLSTATE for a statement it cancelled: past statement_timeout, or asked to by pg_cancel_backend. */
export const QUERY_CANCELED = '57014';

/**
 * The statement limit of batch work: imports and value-tier recomputation of a few
 * million rows take minutes, the request limit (STATEMENT_TIMEOUT_MS) would end them.
 */
export const BATCH_STATEMENT_TIMEOUT = '2h';

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Lifts the statement limit to the batch one for the rest of the current transaction.
 * It is a local setting, so the pooled connection goes back with the request limit.
 */
export async function allowBatchStatements(runner: Queryable): Promise<void> {
  await runner.query(`SELECT set_config('statement_timeout', $1, true)`, [BATCH_STATEMENT_TIMEOUT]);
}
