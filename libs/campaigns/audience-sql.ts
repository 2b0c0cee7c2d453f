import type { AudienceQuery } from '@lib/segments';

/**
 * Appends an audience's params to `into` and returns its SQL renumbered to match,
 * so several audiences combine into one statement. Compiled rules bind every value
 * as a parameter, so `$n` occurs in their SQL only as a placeholder.
 */
export function embed(query: AudienceQuery, into: unknown[]): string {
  const offset = into.length;
  into.push(...query.params);
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/** The customers of any included audience and of no excluded one, each once. */
export function includeExclude(included: string[], excluded: string[]): string {
  const union = (parts: string[]) => parts.map((sql) => `(${sql})`).join(' UNION ');
  return excluded.length === 0 ? union(included) : `${union(included)} EXCEPT (${union(excluded)})`;
}
