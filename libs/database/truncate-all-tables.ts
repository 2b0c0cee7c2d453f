import { DataSource } from 'typeorm';

/** Empties every table but the migration history; for tests and `seed-demo --force`. Returns how many. */
export async function truncateAllTables(db: DataSource): Promise<number> {
  const tables: { tablename: string }[] = await db.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  if (tables.length > 0) {
    await db.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
  }
  return tables.length;
}
