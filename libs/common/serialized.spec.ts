import type { Serialized } from './serialized';

enum Tier {
  Gold = 'gold',
  Silver = 'silver',
}

interface Answer {
  id: number;
  tier: Tier;
  at: Date;
  endedAt: Date | null;
  history: { tier: Tier; at: Date }[];
  note?: string;
}

describe('Serialized', () => {
  it('types an answer as JSON delivers it to the web: dates as ISO strings, enums as their values', () => {
    const answer: Answer = {
      id: 7,
      tier: Tier.Gold,
      at: new Date('2026-12-01T02:00:00Z'),
      endedAt: null,
      history: [{ tier: Tier.Silver, at: new Date('2025-06-30T16:00:00Z') }],
    };
    // The annotations are half the test: `npm run typecheck` fails where the type and JSON disagree (Jest only transpiles).
    const received: Serialized<Answer> = JSON.parse(JSON.stringify(answer));
    const tier: 'gold' | 'silver' = received.tier;
    const at: string = received.history[0].at;
    const endedAt: string | null = received.endedAt;

    expect({ tier, at, endedAt }).toEqual({ tier: 'gold', at: '2025-06-30T16:00:00.000Z', endedAt: null });
    expect(received).toEqual({ id: 7, tier: 'gold', at: '2026-12-01T02:00:00.000Z', endedAt: null, history: [{ tier: 'silver', at: '2025-06-30T16:00:00.000Z' }] });
  });
});
