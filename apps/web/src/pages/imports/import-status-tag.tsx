import type { ImportStatusName as ImportStatus } from '@lib/imports/import.view';
import { CodeTag } from '../../components/code-tag';
import { STATUS } from './labels';

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  return <CodeTag code={status} labels={STATUS} testId="import-status" />;
}

export const FINISHED: readonly ImportStatus[] = ['succeeded', 'rejected', 'failed'];
