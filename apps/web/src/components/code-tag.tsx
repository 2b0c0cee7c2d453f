import { Tag } from 'antd';
import { Text } from '../i18n/text';
import { useI18n } from '../i18n/i18n';

/** How a page shows the codes of one kind (statuses, tiers): a label and an antd tag colour per code. */
export type CodeLabels = Record<string, { label: Text; color: string }>;

/** A code shown by its label when known, else as it came from the API. */
export function CodeTag({ code, labels, testId }: { code: string; labels: CodeLabels; testId?: string }) {
  const { pick } = useI18n();
  const known = labels[code];
  return (
    <Tag color={known?.color ?? 'default'} data-testid={testId}>
      {known ? pick(known.label) : code}
    </Tag>
  );
}
