/**
 * A set of customers as one parameterised SQL statement that selects a column
 * `customer_id`. Segments produce it; contact rules, bundles and (later) campaign
 * launches consume it as a subquery, so an audience is never loaded into memory.
 */
export interface AudienceQuery {
  sql: string;
  params: unknown[];
}
