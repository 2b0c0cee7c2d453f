/**
 * The segment answers and request bodies, shared by the server and the web
 * (`@lib/segments/segment.view`); pure types, no Nest.
 */
import type { ValueTier } from '../value-tiers/value-tier-name';
import type { RuleNode } from './rule';

export type SegmentKind = 'dynamic' | 'static';

export interface SegmentView {
  id: number;
  name: string;
  description: string | null;
  kind: SegmentKind;
  ownerOrgUnitId: number;
  ownerOrgUnitName: string;
  ownerOrgUnitNameEn: string | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SegmentDetail extends SegmentView {
  rule: RuleNode | null;
}

/** A customer as segment lists show them; the mobile number is masked. */
export interface AudienceMember {
  id: number;
  customerNo: string;
  name: string;
  mobile: string | null;
  orgUnitName: string;
  orgUnitNameEn: string | null;
  valueTier: ValueTier | null;
}

export interface AudiencePreview {
  count: number;
  sample: AudienceMember[];
  byOrgUnit: { orgUnitId: number; orgUnitName: string; orgUnitNameEn: string | null; count: number }[];
  /** 'unscored' counts the customers without a tier. */
  byTier: { tier: ValueTier | 'unscored'; count: number }[];
  elapsedMs: number;
}

export interface MemberUploadResult {
  added: number;
  alreadyMembers: number;
  unknown: string[];
}

export interface MemberRemovalResult {
  removed: number;
  /** Numbers that were not on the list (or not in the caller's scope). */
  notMembers: string[];
}

export interface SnapshotView {
  id: number;
  segmentId: number | null;
  segmentName: string;
  takenAt: Date;
  memberCount: number;
  rule: RuleNode | null;
}

export interface OverlapResult {
  segments: { id: number; name: string; count: number }[];
  intersections: { segmentIds: number[]; count: number }[];
}

/** The body of POST /segments: a dynamic segment has a rule, a static one gets its members uploaded. */
export interface SegmentInput {
  name: string;
  description?: string;
  kind: SegmentKind;
  rule?: RuleNode;
}

/** The body of PATCH /segments/:id. */
export interface SegmentChanges {
  name?: string;
  description?: string;
  rule?: RuleNode;
}

/** The body of POST /segments/preview. */
export interface RuleRequest {
  rule: RuleNode;
}

/** The body of POST /segments/:id/members and …/members/remove. */
export interface CustomerNumbersRequest {
  customerNos: string[];
}

/** The body of POST /segments/overlap: two to four segments. */
export interface OverlapRequest {
  segmentIds: number[];
}
