import { CodeTag } from '../../components/code-tag';
import { TIER } from './labels';

export function ValueTierTag({ tier }: { tier: string | null }) {
  if (!tier) return <span style={{ color: '#737373' }}>—</span>;
  return <CodeTag code={tier} labels={TIER} />;
}
