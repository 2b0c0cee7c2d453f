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

/** Bounds that keep a rule's SQL small and its evaluation cheap. */
export const RULE_LIMITS = {
  maxDepth: 8,
  maxNodes: 200,
  maxListValues: 1000,
  maxDays: 3650,
  maxMonths: 120,
} as const;
