import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A summary of each customer's holdings on the customer row: the product lines of
 * their active policies (one bit per line), how many active policies, their annual
 * premium, and when their first policy started. Segment conditions on holdings then
 * read the customer row instead of scanning two million policies per condition.
 *
 * Statement triggers keep the summary true whatever writes policies (imports, the
 * demo loader, later APIs): after each statement, one set-based refresh of the
 * customers whose policies it touched. A repeated import touches no policy, so it
 * refreshes nothing; a refresh that finds nothing changed writes nothing.
 */
export class CustomerHoldings1763856600000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE customers
        ADD COLUMN active_lines        smallint      NOT NULL DEFAULT 0,
        ADD COLUMN active_policy_count integer       NOT NULL DEFAULT 0,
        ADD COLUMN active_premium      numeric(14,2) NOT NULL DEFAULT 0,
        ADD COLUMN first_policy_start  date`);

    // The bit of each product line; the order is fixed here, the one place that knows it.
    await db.query(`
      CREATE FUNCTION product_line_bit(line text) RETURNS smallint
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT (1 << (array_position(
          ARRAY['motor_compulsory','motor_commercial','home','accident','health','travel','liability'], line) - 1))::smallint
      $$`);

    // Dynamic SQL so that each refresh is planned for its own number of customers
    // (a handful after a form edit, a million after an initial load).
    await db.query(`
      CREATE FUNCTION refresh_customer_holdings(customer_ids bigint[]) RETURNS void
      LANGUAGE plpgsql AS $fn$
      BEGIN
        EXECUTE $sql$
          UPDATE customers c
             SET active_lines = s.active_lines, active_policy_count = s.active_policy_count,
                 active_premium = s.active_premium, first_policy_start = s.first_policy_start
            FROM (
              SELECT t.customer_id,
                     coalesce(bit_or(product_line_bit(pr.line)) FILTER (WHERE p.status = 'active'), 0)::smallint AS active_lines,
                     count(*) FILTER (WHERE p.status = 'active')::int AS active_policy_count,
                     coalesce(sum(p.premium) FILTER (WHERE p.status = 'active'), 0) AS active_premium,
                     min(p.start_date) FILTER (WHERE p.status <> 'pending') AS first_policy_start
                FROM (SELECT DISTINCT unnest($1) AS customer_id) t
                LEFT JOIN policies p ON p.customer_id = t.customer_id
                LEFT JOIN products pr ON pr.code = p.product_code
               GROUP BY t.customer_id
            ) s
           WHERE c.id = s.customer_id
             AND (c.active_lines, c.active_policy_count, c.active_premium, c.first_policy_start)
                 IS DISTINCT FROM (s.active_lines, s.active_policy_count, s.active_premium, s.first_policy_start)
        $sql$ USING customer_ids;
      END
      $fn$`);

    await db.query(`
      CREATE FUNCTION policies_refresh_customer_holdings() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM refresh_customer_holdings(ARRAY(SELECT customer_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM refresh_customer_holdings(ARRAY(SELECT customer_id FROM old_rows));
        ELSE
          PERFORM refresh_customer_holdings(ARRAY(SELECT customer_id FROM new_rows UNION SELECT customer_id FROM old_rows));
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER policies_holdings_after_insert AFTER INSERT ON policies
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policies_refresh_customer_holdings()`);
    await db.query(`
      CREATE TRIGGER policies_holdings_after_update AFTER UPDATE ON policies
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION policies_refresh_customer_holdings()`);
    await db.query(`
      CREATE TRIGGER policies_holdings_after_delete AFTER DELETE ON policies
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION policies_refresh_customer_holdings()`);

    // Moving a product to another line changes the lines of everyone who holds it.
    await db.query(`
      CREATE FUNCTION products_refresh_customer_holdings() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_customer_holdings(ARRAY(
          SELECT DISTINCT p.customer_id
            FROM new_rows n JOIN old_rows o ON o.code = n.code AND o.line <> n.line
            JOIN policies p ON p.product_code = n.code));
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER products_holdings_after_update AFTER UPDATE ON products
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION products_refresh_customer_holdings()`);

    await db.query(`SELECT refresh_customer_holdings(ARRAY(SELECT DISTINCT customer_id FROM policies))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER products_holdings_after_update ON products`);
    for (const event of ['insert', 'update', 'delete']) await db.query(`DROP TRIGGER policies_holdings_after_${event} ON policies`);
    await db.query(`DROP FUNCTION products_refresh_customer_holdings()`);
    await db.query(`DROP FUNCTION policies_refresh_customer_holdings()`);
    await db.query(`DROP FUNCTION refresh_customer_holdings(bigint[])`);
    await db.query(`DROP FUNCTION product_line_bit(text)`);
    await db.query(`
      ALTER TABLE customers
        DROP COLUMN active_lines, DROP COLUMN active_policy_count, DROP COLUMN active_premium, DROP COLUMN first_policy_start`);
  }
}
