import { useEffect, useMemo, useState } from 'react';
import { useShowError } from '../../components/errors';
import { segmentApi, type SegmentRow } from './segment-api';

/** The segments a picker offers (the first 100 the user can see), as select options. */
export function useSegmentOptions(): { value: number; label: string }[] {
  const showError = useShowError();
  const [segments, setSegments] = useState<SegmentRow[]>([]);
  useEffect(() => {
    segmentApi.list({ page: 1, pageSize: 100 }).then((page) => setSegments(page.items), showError);
  }, [showError]);
  return useMemo(() => segments.map((s) => ({ value: s.id, label: s.name })), [segments]);
}
