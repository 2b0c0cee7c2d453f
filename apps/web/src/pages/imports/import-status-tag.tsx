import { Tag } from 'antd';
import { ImportStatus } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { STATUS } from './labels';

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { pick } = useI18n();
  const known = STATUS[status];
  return (
    <Tag color={known?.color ?? 'default'} data-testid="import-status">
      {known ? pick(known.label) : status}
    </Tag>
  );
}

export const FINISHED: readonly ImportStatus[] = ['succeeded', 'rejected', 'failed'];
