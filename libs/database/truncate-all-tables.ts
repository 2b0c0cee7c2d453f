import { DataSource } from 'typeorm';

const DEADLOCK_DETECTED = '40P01';
const ATTEMPTS = 5;

/**
 * Empties every table but the migration history; for tests and `seed-demo --force`. Returns how many.
 * TRUNCATE locks its tables one after another, so a worker transaction that reads two of them in the other
 * order can deadlock with it; PostgreSQL then aborts one side, and trying again is the remedy.
 */
export async function truncateAllTables(db: DataSource): Promise<number> {
  const tables: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  if (tables.length === 0) return 0;
  const statement = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.query(statement);
      return tables.length;
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt === ATTEMPTS) throw error;
    }
  }
}
