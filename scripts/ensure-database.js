// Creates the database named in DATABASE_URL if the server does not have it yet;
// with --recreate, drops it first (the test run starts from an empty database).
const { Client } = require('pg');

async function main() {
  const url = new URL(process.env.DATABASE_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  if (process.argv.includes('--recreate')) {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  }
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount === 0) {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.error(`[services] created database ${name}`);
  }
  await client.end();
}

main().catch((err) => {
  console.error(`[services] ${err.message}`);
  process.exit(1);
});
