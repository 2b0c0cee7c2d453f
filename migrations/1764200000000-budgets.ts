import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marketing budgets (gap G3). One ledger, budget_lines: every figure (a pool's funds,
 * what is reserved, committed and spent, at pool, campaign, branch and channel level)
 * is a sum of its lines, never a counter that could drift. Lines are only ever added;
 * a correction is a further line. Amounts are yuan in numeric(14,2), signed.
 *
 * Changes to a campaign's budget and allocations go into the campaign's audit trail
 * (campaign_audit), written in the same transaction.
 */
export class Budgets1764200000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE budget_pools (
        id              serial PRIMARY KEY,
        fiscal_year     smallint    NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
        org_unit_id     integer     NOT NULL REFERENCES org_units(id),
        -- The pool of the parent unit in the same year that allocates money to this one; NULL for a top pool.
        parent_pool_id  integer     REFERENCES budget_pools(id),
        created_by      integer     NOT NULL REFERENCES users(id),
        created_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (fiscal_year, org_unit_id)
      )`);
    await db.query(`CREATE INDEX budget_pools_parent ON budget_pools (parent_pool_id)`);

    // One row per campaign that holds a reservation: the row its money movements lock.
    await db.query(`
      CREATE TABLE campaign_budgets (
        campaign_id     integer     PRIMARY KEY REFERENCES campaigns(id),
        pool_id         integer     NOT NULL REFERENCES budget_pools(id),
        owning_unit_id  integer     NOT NULL REFERENCES org_units(id),
        -- The approved revision whose budget and allocations are in force.
        revision_id     integer     NOT NULL REFERENCES campaign_revisions(id),
        -- That revision's budget as planned; raises approved under it come on top (budget_raise_requests).
        plan_budget     numeric(14,2) NOT NULL CHECK (plan_budget >= 0),
        branch_ids      integer[]   NOT NULL,
        released_at     timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX campaign_budgets_pool ON campaign_budgets (pool_id)`);

    await db.query(`
      CREATE TABLE budget_lines (
        id               bigserial     PRIMARY KEY,
        pool_id          integer       NOT NULL REFERENCES budget_pools(id),
        kind             varchar(12)   NOT NULL CHECK (kind IN ('funding','allocation','reservation','commitment','spend')),
        amount           numeric(14,2) NOT NULL CHECK (amount <> 0),
        campaign_id      integer       REFERENCES campaign_budgets(campaign_id),
        -- allocation: the other pool of the movement (each movement is two lines, one per pool).
        related_pool_id  integer       REFERENCES budget_pools(id),
        branch_id        integer       REFERENCES org_units(id),
        channel          varchar(16)   CHECK (channel IN ('email','phone','web','agent_visit')),
        step_id          integer       REFERENCES campaign_steps(id),
        -- A grant (commitment) and its automatic spend: how many contacts at what unit cost.
        contacts         integer       CHECK (contacts >= 0),
        unit_cost        numeric(14,2) CHECK (unit_cost >= 0),
        -- The line this one settles (a grant) or reverses (a manual spend).
        source_line_id   bigint        REFERENCES budget_lines(id),
        note             varchar(300)  NOT NULL DEFAULT '',
        created_by       integer       REFERENCES users(id),
        created_at       timestamptz   NOT NULL DEFAULT now(),
        CHECK (kind IN ('funding','allocation') OR campaign_id IS NOT NULL),
        CHECK (kind <> 'funding' OR (campaign_id IS NULL AND related_pool_id IS NULL)),
        CHECK (kind <> 'allocation' OR (campaign_id IS NULL AND related_pool_id IS NOT NULL)),
        CHECK (kind NOT IN ('commitment','spend') OR branch_id IS NOT NULL),
        CHECK (kind <> 'commitment' OR (channel IS NOT NULL AND contacts IS NOT NULL AND unit_cost IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX budget_lines_pool ON budget_lines (pool_id, kind)`);
    await db.query(`CREATE INDEX budget_lines_campaign ON budget_lines (campaign_id, kind, branch_id) WHERE campaign_id IS NOT NULL`);
    // A grant is settled once (one commitment and one spend line point at it); a manual spend is reversed once.
    await db.query(`CREATE UNIQUE INDEX budget_lines_settled_once ON budget_lines (source_line_id, kind) WHERE source_line_id IS NOT NULL`);

    // What a branch executor enters beside a manual spend line.
    await db.query(`
      CREATE TABLE manual_spends (
        line_id          bigint       PRIMARY KEY REFERENCES budget_lines(id),
        category         varchar(20)  NOT NULL CHECK (category IN ('gifts','events','printed_material','staff','other')),
        spent_on         date         NOT NULL,
        reference        varchar(100) NOT NULL DEFAULT '',
        attachment_name  varchar(255),
        -- Relative to UPLOAD_DIR.
        attachment_path  varchar(500)
      )`);

    // The campaign budget split by branch and by channel, per revision (a plan, not money).
    await db.query(`
      CREATE TABLE budget_allocations (
        id           serial        PRIMARY KEY,
        campaign_id  integer       NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        revision_id  integer       NOT NULL REFERENCES campaign_revisions(id) ON DELETE CASCADE,
        branch_id    integer       REFERENCES org_units(id),
        channel      varchar(16)   CHECK (channel IN ('email','phone','web','agent_visit')),
        amount       numeric(14,2) NOT NULL CHECK (amount >= 0),
        CHECK ((branch_id IS NULL) <> (channel IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX budget_allocations_branch ON budget_allocations (revision_id, branch_id) WHERE branch_id IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX budget_allocations_channel ON budget_allocations (revision_id, channel) WHERE channel IS NOT NULL`);
    await db.query(`CREATE INDEX budget_allocations_campaign ON budget_allocations (campaign_id)`);

    await db.query(`
      CREATE TABLE budget_raise_requests (
        id            serial        PRIMARY KEY,
        campaign_id   integer       NOT NULL REFERENCES campaign_budgets(campaign_id),
        -- The approved revision the raise adds to; a later revision's plan states its own budget.
        revision_id   integer       NOT NULL REFERENCES campaign_revisions(id),
        amount        numeric(14,2) NOT NULL CHECK (amount > 0),
        reason        varchar(1000) NOT NULL,
        status        varchar(10)   NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        requested_by  integer       NOT NULL REFERENCES users(id),
        requested_at  timestamptz   NOT NULL DEFAULT now(),
        decided_by    integer       REFERENCES users(id),
        decided_at    timestamptz,
        comment       varchar(1000) NOT NULL DEFAULT ''
      )`);
    // One open request per campaign, so two cannot be approved against the same need.
    await db.query(`CREATE UNIQUE INDEX budget_raise_requests_open ON budget_raise_requests (campaign_id) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE budget_raise_requests, budget_allocations, manual_spends, budget_lines, campaign_budgets, budget_pools`);
  }
}
