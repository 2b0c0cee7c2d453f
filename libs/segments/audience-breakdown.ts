import { OrgScope } from '@lib/auth';
import { maskMobile } from '@lib/customers/personal-data';
import type { ValueTier } from '@lib/value-tiers/value-tier-name';
import type { AudienceMember, AudiencePreview } from './segment.view';

export const TIERS = ['gold', 'silver', 'ordinary', 'do_not_serve'] as const satisfies readonly ValueTier[];
/** Customers the value-tier job has not scored yet. */
export const UNSCORED = 'unscored' as const;

export interface UnitRow {
  id: number;
  name: string;
  name_en: string | null;
  path: string;
}

export interface CountRow {
  org_unit_id: number;
  value_tier: ValueTier | null;
  n: number;
}

export interface MemberRow {
  id: string;
  customer_no: string;
  name: string;
  mobile: string | null;
  org_unit_id: number;
  value_tier: ValueTier | null;
}

export function toMember(row: MemberRow, units: Map<number, UnitRow>): AudienceMember {
  return {
    id: Number(row.id),
    customerNo: row.customer_no,
    name: row.name,
    mobile: maskMobile(row.mobile),
    orgUnitName: units.get(row.org_unit_id)?.name ?? '',
    orgUnitNameEn: units.get(row.org_unit_id)?.name_en ?? null,
    valueTier: row.value_tier,
  };
}

/**
 * Rolls counts per (org unit, tier) up to the units one level below the caller's
 * home unit; customers owned by the home unit itself (and every customer of a
 * county user) count under the home unit.
 */
export function breakdown(scope: OrgScope, units: UnitRow[], rows: CountRow[]): Omit<AudiencePreview, 'sample' | 'elapsedMs'> {
  const depth = scope.path.split('/').filter(Boolean).length;
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const children = units.filter((unit) => unit.path.split('/').filter(Boolean).length === depth + 1);
  const buckets = new Map<number, number>((children.length > 0 ? children : [byId.get(scope.orgUnitId)!]).map((unit) => [unit.id, 0]));
  const tiers = new Map<ValueTier | typeof UNSCORED, number>([...TIERS, UNSCORED].map((tier) => [tier, 0]));
  let count = 0;
  for (const row of rows) {
    const n = Number(row.n);
    count += n;
    const ids = (byId.get(row.org_unit_id)?.path ?? scope.path).split('/').filter(Boolean).map(Number);
    const bucket = ids.length > depth ? ids[depth] : scope.orgUnitId;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + n);
    const tier = row.value_tier ?? UNSCORED;
    tiers.set(tier, (tiers.get(tier) ?? 0) + n);
  }
  return {
    count,
    byOrgUnit: [...buckets]
      .map(([orgUnitId, n]) => ({ orgUnitId, orgUnitName: byId.get(orgUnitId)?.name ?? '', orgUnitNameEn: byId.get(orgUnitId)?.name_en ?? null, count: n }))
      .sort((a, b) => b.count - a.count || a.orgUnitId - b.orgUnitId),
    byTier: [...tiers].map(([tier, n]) => ({ tier, count: n })),
  };
}

/** Counts of each segment and of every intersection of two or more, from the number of customers per membership bitmask. */
export function overlapCounts(
  size: number,
  masks: { mask: number; n: number }[],
): { single: number[]; intersections: { indexes: number[]; count: number }[] } {
  const countOf = (subset: number) => masks.reduce((sum, row) => ((row.mask & subset) === subset ? sum + Number(row.n) : sum), 0);
  const single = Array.from({ length: size }, (_, i) => countOf(1 << i));
  const intersections: { indexes: number[]; count: number }[] = [];
  for (let subset = 1; subset < 1 << size; subset++) {
    const indexes = Array.from({ length: size }, (_, i) => i).filter((i) => subset & (1 << i));
    if (indexes.length >= 2) intersections.push({ indexes, count: countOf(subset) });
  }
  intersections.sort((a, b) => a.indexes.length - b.indexes.length);
  return { single, intersections };
}
