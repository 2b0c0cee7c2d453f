import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@lib/config';
import { dataSourceOptions } from '@lib/database';

/** Applies pending migrations (`node dist/scripts/migrate.js`, or `down` to revert the last). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config.DATABASE_URL, { logging: ['error'] }));
  await dataSource.initialize();
  try {
    if (process.argv[2] === 'down') {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('[migrate] reverted the last migration');
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(`[migrate] ${applied.length} migration(s) applied${applied.map((m) => `\n  ${m.name}`).join('')}`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err) => {
  console.error(`[migrate] ${err.message}`);
  process.exit(1);
});
