import type { Serialized } from '@lib/common/serialized';
import type { ProductView } from '@lib/customers/product.view';
import type { OrgUnitView } from '@lib/org/org-unit.view';
import type { FieldParam, FieldSpec, ValueOption } from '@lib/segments/field-spec';
import type { RuleCondition, RuleGroup, RuleNode } from '@lib/segments/rule';

/** The rule language is the API's own (libs/segments/rule.ts); GET /api/segments/fields publishes the field catalogue. */
export type { GroupOp, RuleCondition, RuleGroup, RuleNode } from '@lib/segments/rule';

/** The field catalogue of GET /segments/fields, as the server declares it. */
export type { FieldSpec } from '@lib/segments/field-spec';
export type FieldOption = ValueOption;
export type FieldParamSpec = FieldParam;

/** The org units and products a rule's values may name. */
export type OrgUnitOption = Pick<OrgUnitView, 'id' | 'name' | 'nameEn' | 'parentId' | 'level'>;
export type ProductOption = Pick<Serialized<ProductView>, 'code' | 'name' | 'nameEn' | 'line'>;

/** What the value inputs need besides the field catalogue. */
export interface RuleCatalog {
  fields: FieldSpec[];
  orgUnits: OrgUnitOption[];
  products: ProductOption[];
}

export const emptyRule = (): RuleGroup => ({ type: 'group', op: 'all', children: [] });

/** The builder edits a group; a stored rule that is a single condition becomes a group of that one condition. */
export const asGroup = (rule: RuleNode): RuleGroup => (rule.type === 'group' ? rule : { type: 'group', op: 'all', children: [rule] });

export function newCondition(field: FieldSpec | undefined): RuleCondition {
  if (!field) return { type: 'condition', field: '', operator: '' };
  return { type: 'condition', field: field.field, operator: field.operators[0] ?? '', value: defaultValue(field, field.operators[0]) };
}

/** A sensible starting value so a new condition is usable at once where there is an obvious one. */
export function defaultValue(field: FieldSpec, operator: string | undefined): unknown {
  if (operator === 'is') return true;
  if (operator === 'within_days') return 30;
  return undefined;
}

/** The path of a child node, spelled the way the API's error details spell it. */
export const childPath = (parent: string, index: number): string => `${parent}.children[${index}]`;

/** Replaces the node at `path` (relative to the root path) in an immutable tree. */
export function replaceAt(root: RuleGroup, indexes: number[], replace: (node: RuleNode) => RuleNode | null): RuleGroup {
  if (indexes.length === 0) return replace(root) as RuleGroup;
  const [head, ...rest] = indexes;
  const children = root.children.flatMap((child, i) => {
    if (i !== head) return [child];
    const next = rest.length === 0 ? replace(child) : replaceAt(child as RuleGroup, rest, replace);
    return next ? [next] : [];
  });
  return { ...root, children };
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && (value.length === 0 || value.some(isBlank)));

/** Paths of conditions still missing a value or a required param: not worth asking the API about yet. */
export function incompletePaths(node: RuleNode, path: string, fields: FieldSpec[]): string[] {
  if (node.type === 'group') return node.children.flatMap((child, i) => incompletePaths(child, childPath(path, i), fields));
  const spec = fields.find((f) => f.field === node.field);
  if (!spec || !node.operator || isBlank(node.value)) return [path];
  const missingParam = (spec.params ?? []).some((p) => p.required && isBlank(node.params?.[p.name]));
  return missingParam ? [path] : [];
}

/** Counts the conditions in a rule, for summaries. */
export function conditionCount(node: RuleNode): number {
  return node.type === 'group' ? node.children.reduce((sum, child) => sum + conditionCount(child), 0) : 1;
}

export interface FieldError {
  field: string;
  problem: string;
}

/** Groups API error details by the rule node they point at (the longest node path that prefixes the field). */
export function errorsByNode(details: FieldError[] | undefined, root: RuleNode, rootPath: string): Map<string, string[]> {
  const paths: string[] = [];
  const walk = (node: RuleNode, path: string) => {
    paths.push(path);
    if (node.type === 'group') node.children.forEach((child, i) => walk(child, childPath(path, i)));
  };
  walk(root, rootPath);
  const byNode = new Map<string, string[]>();
  for (const detail of details ?? []) {
    const owner = paths
      .filter((p) => detail.field === p || detail.field.startsWith(`${p}.`) || detail.field.startsWith(`${p}[`))
      .sort((a, b) => b.length - a.length)[0];
    if (!owner) continue;
    byNode.set(owner, [...(byNode.get(owner) ?? []), detail.problem]);
  }
  return byNode;
}
