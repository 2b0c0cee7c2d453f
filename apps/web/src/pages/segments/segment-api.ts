import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import type {
  CustomerNumbersRequest, MemberUploadResult, OverlapRequest, OverlapResult, SegmentChanges, SegmentDetail as SegmentDetailView, SegmentInput,
  SegmentView, SnapshotView, AudienceMember, AudiencePreview,
} from '@lib/segments/segment.view';
import { api } from '../../api/client';

export type { SegmentKind } from '@lib/segments/segment.view';
/** Segments and snapshots as the pages hold them: the server's views as JSON delivers them. */
export type SegmentRow = Serialized<SegmentView>;
export type SegmentDetail = Serialized<SegmentDetailView>;
export type Snapshot = Serialized<SnapshotView>;
export type MemberUpload = MemberUploadResult;
export type Overlap = OverlapResult;

export const segmentApi = {
  list: (query: { q?: string; kind?: SegmentRow['kind']; page: number; pageSize: number }) => api.get<Page<SegmentView>>('/segments', query),
  get: (id: number) => api.get<SegmentDetailView>(`/segments/${id}`),
  create: (body: SegmentInput) => api.post<SegmentDetailView>('/segments', body),
  update: (id: number, body: SegmentChanges) => api.patch<SegmentDetailView>(`/segments/${id}`, body),
  remove: (id: number) => api.delete(`/segments/${id}`),
  preview: (id: number) => api.get<AudiencePreview>(`/segments/${id}/preview`),
  addMembers: (id: number, customerNos: string[]) => api.post<MemberUploadResult>(`/segments/${id}/members`, { customerNos } satisfies CustomerNumbersRequest),
  members: (id: number, page: number, pageSize: number) => api.get<Page<AudienceMember>>(`/segments/${id}/members`, { page, pageSize }),
  snapshots: (id: number) => api.get<SnapshotView[]>(`/segments/${id}/snapshots`),
  takeSnapshot: (id: number) => api.post<SnapshotView>(`/segments/${id}/snapshots`),
  snapshotMembers: (snapshotId: number, page: number, pageSize: number) =>
    api.get<Page<AudienceMember>>(`/segment-snapshots/${snapshotId}/members`, { page, pageSize }),
  overlap: (segmentIds: number[]) => api.post<OverlapResult>('/segments/overlap', { segmentIds } satisfies OverlapRequest),
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
