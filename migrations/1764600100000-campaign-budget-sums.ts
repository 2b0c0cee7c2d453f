import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Running sums of each campaign's budget lines per kind, branch and channel, kept by a
 * statement-level trigger on the (append-only) ledger. The budget guard reads them for
 * every part a channel sends: summing the lines themselves made each grant slower as a
 * campaign grew, so a million-contact send did work quadratic in its parts.
 */
export class CampaignBudgetSums1764600100000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaign_budget_sums (
        campaign_id  integer        NOT NULL,
        kind         varchar(12)    NOT NULL,
        -- 0 and '' stand for a line without branch or channel: a key cannot hold NULL.
        branch_id    integer        NOT NULL,
        channel      varchar(16)    NOT NULL,
        amount       numeric(16,2)  NOT NULL,
        PRIMARY KEY (campaign_id, kind, branch_id, channel)
      )`);
    await db.query(`
      CREATE FUNCTION add_to_campaign_budget_sums() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO campaign_budget_sums AS s (campaign_id, kind, branch_id, channel, amount)
        SELECT campaign_id, kind, coalesce(branch_id, 0), coalesce(channel, ''), sum(amount)
          FROM new_lines WHERE campaign_id IS NOT NULL
         GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (campaign_id, kind, branch_id, channel) DO UPDATE SET amount = s.amount + EXCLUDED.amount;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER budget_lines_sums AFTER INSERT ON budget_lines
      REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION add_to_campaign_budget_sums()`);
    // The ledger is never updated or deleted from; emptying it (tests, the demo's --force) empties the sums too.
    await db.query(`
      CREATE FUNCTION clear_campaign_budget_sums() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- DELETE, not TRUNCATE: a TRUNCATE of both tables at once may not truncate one of them again.
        DELETE FROM campaign_budget_sums;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER budget_lines_sums_truncate AFTER TRUNCATE ON budget_lines FOR EACH STATEMENT EXECUTE FUNCTION clear_campaign_budget_sums()`);
    await db.query(`
      INSERT INTO campaign_budget_sums (campaign_id, kind, branch_id, channel, amount)
      SELECT campaign_id, kind, coalesce(branch_id, 0), coalesce(channel, ''), sum(amount)
        FROM budget_lines WHERE campaign_id IS NOT NULL GROUP BY 1, 2, 3, 4`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER budget_lines_sums_truncate ON budget_lines`);
    await db.query(`DROP TRIGGER budget_lines_sums ON budget_lines`);
    await db.query(`DROP FUNCTION clear_campaign_budget_sums()`);
    await db.query(`DROP FUNCTION add_to_campaign_budget_sums()`);
    await db.query(`DROP TABLE campaign_budget_sums`);
  }
}
