import { CodeTag } from '../../components/code-tag';
import { TIER } from './labels';

export function ValueTierTag({ tier }: { tier: string | null }) {
  if (!tier) return <span style={{ color: '#bfbfbf' }}>—</span>;
  return <CodeTag code={tier} labels={TIER} />;
}
