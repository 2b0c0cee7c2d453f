import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { truncateAllTables } from '@lib/database';
import { DEFAULT_DEMO_SEED } from '@lib/demo';
import { seedDemo, SeedModule } from './demo-seeding';

/**
 * Loads the demo province once: `node dist/scripts/seed-demo.js [--customers 100000]
 * [--seed 42] [--force]`. A database that already has org units is left alone unless
 * --force is given, which empties every table first.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '100000' },
      seed: { type: 'string', default: String(DEFAULT_DEMO_SEED) },
      force: { type: 'boolean', default: false },
    },
  });
  const customers = wholeNumber('--customers', values.customers);
  const seed = wholeNumber('--seed', values.seed);
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  const dataSource = app.get(DataSource);
  try {
    const [{ loaded }] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM org_units) AS loaded');
    if (loaded && !values.force) {
      console.log('[seed] demo data already loaded (use --force to empty the database and load it again)');
      return;
    }
    if (loaded) console.log(`[seed] --force: emptied ${await truncateAllTables(dataSource)} tables`);
    await seedDemo(app, { customers, seed }, (line) => console.log(line));
    console.log('[seed] demo logins: node dist/scripts/demo-logins.js, or docs/demo-data.md');
  } finally {
    await app.close();
  }
}

function wholeNumber(flag: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${flag} must be a whole number, not ${text}`);
  return value;
}

main().catch((err) => {
  console.error(`[seed] ${err.message}`);
  process.exit(1);
});
