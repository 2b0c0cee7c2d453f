import { api } from '../../api/client';
import type { Page } from '../../api/types';
import type { RuleGroup } from '../../components/rule-builder/rule';
import type { AudiencePreviewResult, PreviewSample } from '../../components/rule-builder/use-live-preview';

export type SegmentKind = 'dynamic' | 'static';

export interface SegmentRow {
  id: number;
  name: string;
  description: string | null;
  kind: SegmentKind;
  ownerOrgUnitId: number;
  ownerOrgUnitName: string;
  ownerOrgUnitNameEn: string | null;
  createdByName: string | null;
  updatedAt: string;
}

export interface SegmentDetail extends SegmentRow {
  rule: RuleGroup | null;
}

export interface Snapshot {
  id: number;
  segmentId: number;
  takenAt: string;
  memberCount: number;
  rule: RuleGroup | null;
}

export interface MemberUpload {
  added: number;
  alreadyMembers: number;
  unknown: string[];
}

export interface Overlap {
  segments: { id: number; name: string; count: number }[];
  intersections: { segmentIds: number[]; count: number }[];
}

export const segmentApi = {
  list: (query: { q?: string; kind?: SegmentKind; page: number; pageSize: number }) => api.get<Page<SegmentRow>>('/segments', query),
  get: (id: number) => api.get<SegmentDetail>(`/segments/${id}`),
  create: (body: { name: string; description?: string; kind: SegmentKind; rule?: RuleGroup }) => api.post<SegmentDetail>('/segments', body),
  update: (id: number, body: { name?: string; description?: string; rule?: RuleGroup }) => api.patch<SegmentDetail>(`/segments/${id}`, body),
  remove: (id: number) => api.delete(`/segments/${id}`),
  preview: (id: number) => api.get<AudiencePreviewResult>(`/segments/${id}/preview`),
  addMembers: (id: number, customerNos: string[]) => api.post<MemberUpload>(`/segments/${id}/members`, { customerNos }),
  members: (id: number, page: number, pageSize: number) => api.get<Page<PreviewSample>>(`/segments/${id}/members`, { page, pageSize }),
  snapshots: (id: number) => api.get<Snapshot[]>(`/segments/${id}/snapshots`),
  takeSnapshot: (id: number) => api.post<Snapshot>(`/segments/${id}/snapshots`),
  snapshotMembers: (snapshotId: number, page: number, pageSize: number) =>
    api.get<Page<PreviewSample>>(`/segment-snapshots/${snapshotId}/members`, { page, pageSize }),
  overlap: (segmentIds: number[]) => api.post<Overlap>('/segments/overlap', { segmentIds }),
};

/** Roles that may create and change segments, tiers, contact policies and bundles. */
export const PLANNING_WRITERS = ['segment_manager', 'admin'] as const;

/** Customer numbers from pasted text or an uploaded file: one per line, or separated by commas, tabs or spaces. */
export function parseCustomerNos(text: string): string[] {
  const numbers = text
    .split(/[\s,;，；]+/)
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => s && !/^customer_?no$/i.test(s));
  return [...new Set(numbers)];
}
