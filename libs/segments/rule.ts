/**
 * The rule language of segments (and of bundle eligibility): a tree of groups and
 * conditions, stored as JSON and compiled to SQL by `compileRule`.
 */
export type GroupOp = 'all' | 'any' | 'not';

export interface RuleGroup {
  type: 'group';
  /** all: every child matches; any: at least one; not: none of the children match. */
  op: GroupOp;
  children: RuleNode[];
}

export interface RuleCondition {
  type: 'condition';
  /** A field of the catalogue (GET /api/segments/fields). */
  field: string;
  operator: string;
  value?: unknown;
  params?: Record<string, unknown>;
}

export type RuleNode = RuleGroup | RuleCondition;

/**
 * Bounds that keep a rule's SQL small and its evaluation cheap. Anyone who may
 * preview sends rules, so these bound what one preview can cost: each condition on
 * policies, claims or contacts adds a join over that table, and a long window reads
 * more of it. Campaign targeting looks two years back or ahead and three years of
 * claims at most (the look-back of no-claims discounts).
 */
export const RULE_LIMITS = {
  maxDepth: 5,
  maxNodes: 100,
  maxConditions: 30,
  maxRelatedConditions: 10,
  maxListValues: 1000,
  maxDays: 730,
  maxMonths: 36,
} as const;
