import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each contact's first response (docs/figures.md "responses": a clicked or responded
 * event) read from an index of the responses alone: the customers behind a campaign's
 * responses and the rollup refresh find them without reading the campaign's other
 * events, which outnumber them ten to one. Partitions made later inherit it.
 */
export class ContactEventResponses1765000300000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX contact_events_responses ON contact_events (campaign_id, contact_id, occurred_at)
       WHERE event_type IN ('clicked', 'responded') AND contact_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX contact_events_responses`);
  }
}
