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

export interface UnitPath {
  id: number;
  path: string;
}

/**
 * The subtrees of the scope a campaign reaches: the whole scope when no branch is
 * named yet or one lies at or above the scope's unit; else the participating
 * branches inside the scope, without those below another of them. Each subtree is
 * evaluated as a scope of its own, so the segments' SQL filters the branch in the
 * same scan instead of a second join over the audience.
 */
export function reachedSubtrees(scope: UnitPath, branches: UnitPath[]): UnitPath[] {
  if (branches.length === 0 || branches.some((branch) => scope.path.startsWith(branch.path))) return [scope];
  const inside = branches.filter((branch) => branch.path.startsWith(scope.path));
  const roots = inside.filter((branch) => !inside.some((other) => other.path !== branch.path && branch.path.startsWith(other.path)));
  return roots.filter((branch, i) => roots.findIndex((other) => other.path === branch.path) === i);
}
