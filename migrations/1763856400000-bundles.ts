import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cross-sell bundles (gap G4): the products they combine, the price, who is eligible
 * (a rule in the segment rule language) and the guidance the call centre, field
 * agents, email and web use to sell them.
 */
export class Bundles1763856400000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bundles (
        id                 serial PRIMARY KEY,
        code               varchar(32)   NOT NULL UNIQUE,
        name               varchar(100)  NOT NULL,
        description        varchar(1000) NOT NULL DEFAULT '',
        product_codes      text[]        NOT NULL CHECK (cardinality(product_codes) >= 2),
        price              numeric(14,2) NOT NULL CHECK (price >= 0),
        discount_pct       numeric(5,2)  NOT NULL DEFAULT 0 CHECK (discount_pct BETWEEN 0 AND 100),
        eligibility_rule   jsonb         NOT NULL,
        valid_from         date          NOT NULL,
        valid_to           date          NOT NULL,
        active             boolean       NOT NULL DEFAULT true,
        talking_points     text[]        NOT NULL DEFAULT '{}',
        -- [{objection, answer}, ...]: read and written whole with the bundle, never queried inside.
        objections         jsonb         NOT NULL DEFAULT '[]',
        short_text         varchar(500)  NOT NULL DEFAULT '',
        owner_org_unit_id  integer       NOT NULL REFERENCES org_units(id),
        created_by         integer       NOT NULL REFERENCES users(id),
        created_at         timestamptz   NOT NULL DEFAULT now(),
        updated_at         timestamptz   NOT NULL DEFAULT now(),
        CHECK (valid_from <= valid_to)
      )`);
    await db.query(`CREATE INDEX bundles_owner ON bundles (owner_org_unit_id)`);
    // Next best offer reads the bundles on sale today.
    await db.query(`CREATE INDEX bundles_on_sale ON bundles (valid_from, valid_to) WHERE active`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE bundles`);
  }
}
