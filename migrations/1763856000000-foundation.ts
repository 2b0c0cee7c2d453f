import { MigrationInterface, QueryRunner } from 'typeorm';

/** Org units, users, the product catalogue, customers, policies, claims and CSV imports. */
export class Foundation1763856000000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE org_units (
        id          serial PRIMARY KEY,
        code        varchar(32)  NOT NULL UNIQUE,
        name        varchar(100) NOT NULL,
        name_en     varchar(100),
        level       smallint     NOT NULL CHECK (level BETWEEN 1 AND 4),
        parent_id   integer      REFERENCES org_units(id),
        -- Materialised path of ids, '/1/5/23/': a subtree is one index range scan (path LIKE '/1/5/%').
        path        varchar(200) NOT NULL UNIQUE,
        created_at  timestamptz  NOT NULL DEFAULT now(),
        updated_at  timestamptz  NOT NULL DEFAULT now(),
        CHECK ((level = 1) = (parent_id IS NULL))
      )`);
    await db.query(`CREATE INDEX org_units_path_prefix ON org_units (path varchar_pattern_ops)`);
    await db.query(`CREATE INDEX org_units_parent ON org_units (parent_id)`);

    await db.query(`
      CREATE TABLE users (
        id             serial PRIMARY KEY,
        username       varchar(50)  NOT NULL UNIQUE,
        display_name   varchar(100) NOT NULL,
        password_hash  varchar(100) NOT NULL,
        org_unit_id    integer      NOT NULL REFERENCES org_units(id),
        roles          text[]       NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY[
                         'admin','campaign_manager','segment_manager','channel_manager',
                         'branch_executor','reviewer','analyst']::text[]),
        active         boolean      NOT NULL DEFAULT true,
        last_login_at  timestamptz,
        created_at     timestamptz  NOT NULL DEFAULT now(),
        updated_at     timestamptz  NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX users_org_unit ON users (org_unit_id)`);

    await db.query(`
      CREATE TABLE products (
        code        varchar(20)  PRIMARY KEY,
        name        varchar(100) NOT NULL,
        name_en     varchar(100),
        line        varchar(20)  NOT NULL CHECK (line IN
                      ('motor_compulsory','motor_commercial','home','accident','health','travel','liability')),
        active      boolean      NOT NULL DEFAULT true
      )`);

    await db.query(`
      CREATE TABLE customers (
        id                   bigserial PRIMARY KEY,
        customer_no          varchar(32)  NOT NULL UNIQUE,
        id_number            varchar(32),
        name                 varchar(100) NOT NULL,
        gender               char(1)      CHECK (gender IN ('M','F')),
        birth_date           date,
        mobile               varchar(20),
        email                varchar(200),
        city                 varchar(50),
        org_unit_id          integer      NOT NULL REFERENCES org_units(id),
        consent_email        boolean      NOT NULL DEFAULT false,
        consent_phone        boolean      NOT NULL DEFAULT false,
        consent_sms          boolean      NOT NULL DEFAULT false,
        consent_agent_visit  boolean      NOT NULL DEFAULT false,
        do_not_contact       boolean      NOT NULL DEFAULT false,
        do_not_contact_at    timestamptz,
        created_at           timestamptz  NOT NULL DEFAULT now(),
        updated_at           timestamptz  NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX customers_org_unit ON customers (org_unit_id)`);
    await db.query(`CREATE INDEX customers_name_prefix ON customers (name varchar_pattern_ops)`);
    await db.query(`CREATE INDEX customers_mobile ON customers (mobile)`);

    await db.query(`
      CREATE TABLE policies (
        id            bigserial PRIMARY KEY,
        policy_no     varchar(40)   NOT NULL UNIQUE,
        customer_id   bigint        NOT NULL REFERENCES customers(id),
        product_code  varchar(20)   NOT NULL REFERENCES products(code),
        premium       numeric(14,2) NOT NULL CHECK (premium >= 0),
        start_date    date          NOT NULL,
        end_date      date          NOT NULL CHECK (end_date >= start_date),
        status        varchar(12)   NOT NULL CHECK (status IN ('active','expired','cancelled','pending')),
        channel       varchar(20)   NOT NULL CHECK (channel IN
                        ('agent','call_centre','online','bancassurance','dealer','direct')),
        org_unit_id   integer       NOT NULL REFERENCES org_units(id),
        created_at    timestamptz   NOT NULL DEFAULT now(),
        updated_at    timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX policies_customer ON policies (customer_id)`);
    await db.query(`CREATE INDEX policies_end_date ON policies (end_date) WHERE status = 'active'`);
    await db.query(`CREATE INDEX policies_org_unit ON policies (org_unit_id)`);

    await db.query(`
      CREATE TABLE claims (
        id           bigserial PRIMARY KEY,
        claim_no     varchar(40)   NOT NULL UNIQUE,
        policy_id    bigint        NOT NULL REFERENCES policies(id),
        customer_id  bigint        NOT NULL REFERENCES customers(id),
        claim_date   date          NOT NULL,
        amount       numeric(14,2) NOT NULL CHECK (amount >= 0),
        status       varchar(12)   NOT NULL CHECK (status IN ('open','paid','rejected','closed')),
        created_at   timestamptz   NOT NULL DEFAULT now(),
        updated_at   timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX claims_policy ON claims (policy_id)`);
    await db.query(`CREATE INDEX claims_customer ON claims (customer_id, claim_date)`);

    await db.query(`
      CREATE TABLE import_jobs (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind            varchar(12)  NOT NULL CHECK (kind IN ('customers','policies','claims')),
        mode            varchar(16)  NOT NULL CHECK (mode IN ('all_or_nothing','good_rows')),
        status          varchar(12)  NOT NULL CHECK (status IN ('queued','running','succeeded','rejected','failed')),
        file_name       varchar(255) NOT NULL,
        stored_path     varchar(500) NOT NULL,
        file_size       bigint       NOT NULL,
        rows_read       integer      NOT NULL DEFAULT 0,
        rows_valid      integer      NOT NULL DEFAULT 0,
        rows_rejected   integer      NOT NULL DEFAULT 0,
        rows_inserted   integer      NOT NULL DEFAULT 0,
        rows_updated    integer      NOT NULL DEFAULT 0,
        rows_unchanged  integer      NOT NULL DEFAULT 0,
        error           text,
        created_by      integer      NOT NULL REFERENCES users(id),
        org_unit_id     integer      NOT NULL REFERENCES org_units(id),
        created_at      timestamptz  NOT NULL DEFAULT now(),
        started_at      timestamptz,
        finished_at     timestamptz
      )`);
    await db.query(`CREATE INDEX import_jobs_org_unit ON import_jobs (org_unit_id, created_at DESC)`);
    await db.query(`
      CREATE TABLE import_rejections (
        import_id  uuid    NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
        line_no    integer NOT NULL,
        reason     text    NOT NULL,
        raw        text,
        PRIMARY KEY (import_id, line_no)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['import_rejections', 'import_jobs', 'claims', 'policies', 'customers', 'products', 'users', 'org_units']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
