/**
 * A set of customers as one parameterised SQL statement that selects a column
 * `customer_id`. Segments produce it; contact rules, bundles and (later) campaign
 * launches consume it as a subquery, so an audience is never loaded into memory.
 */
export interface AudienceQuery {
  sql: string;
  params: unknown[];
  /**
   * The same audience as a condition over `customers c` (with the same params), when
   * it can be written as one: a consumer that reads the customers anyway then selects
   * the audience in that one scan instead of joining the statement back to them.
   */
  customerCondition?: string;
}
