import { MigrationInterface, QueryRunner } from 'typeorm';

/** User names are unique whatever their case ('Bob' and 'bob' are one login). */
export class UniqueUserNames1763856060000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNIQUE INDEX users_username_lower ON users (lower(username))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX users_username_lower`);
  }
}
