import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { TIER } from './labels';

export function ValueTierTag({ tier }: { tier: string | null }) {
  const { pick } = useI18n();
  if (!tier) return <span style={{ color: '#bfbfbf' }}>—</span>;
  const known = TIER[tier];
  return <Tag color={known?.color ?? 'default'}>{known ? pick(known.label) : tier}</Tag>;
}

/** A code shown by its label when known, else as it came from the API. */
export function CodeTag({ code, labels }: { code: string; labels: Record<string, { label: { zh: string; en: string }; color: string }> }) {
  const { pick } = useI18n();
  const known = labels[code];
  return <Tag color={known?.color ?? 'default'}>{known ? pick(known.label) : code}</Tag>;
}
