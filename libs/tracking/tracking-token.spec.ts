import { TrackingPurpose, TrackingTokens } from './tracking-token';

const tokens = new TrackingTokens('a-secret-of-thirty-two-characters!');

describe(TrackingTokens.name, () => {
  it('reads back what it signed, for every purpose', () => {
    for (const claim of [
      { purpose: TrackingPurpose.Open, contactId: 1 },
      { purpose: TrackingPurpose.Unsubscribe, contactId: 9_007_199_254_740_991 },
      { purpose: TrackingPurpose.Click, contactId: 123_456_789, stepId: 42, linkIndex: 0 },
      { purpose: TrackingPurpose.Click, contactId: 5, stepId: 70_000, linkIndex: 300 },
    ] as const) {
      expect(tokens.verify(tokens.sign(claim))).toEqual(claim);
    }
  });

  it('reads the links of messages already sent, signed as every token before it', () => {
    expect(tokens.verify('AU25WkTemT_MOEF2hLpF04DB')).toEqual({ purpose: TrackingPurpose.Open, contactId: 77 });
    expect(tokens.verify('ApWa7zoqAaD6bagXSS5NE5_2znupXY8')).toEqual({ purpose: TrackingPurpose.Click, contactId: 123_456_789, stepId: 42, linkIndex: 1 });
    // The secret's UTF-8 bytes are the key, whatever its characters.
    expect(new TrackingTokens('营销活动追踪链接的密钥-thirty-two-or-more').verify('AwXDVkDa3Scbq-jkSiWUpYFX')).toEqual({ purpose: TrackingPurpose.Unsubscribe, contactId: 5 });
  });

  it('is compact and URL-safe', () => {
    const token = tokens.sign({ purpose: TrackingPurpose.Click, contactId: 987_654_321, stepId: 12_345, linkIndex: 7 });
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThanOrEqual(40);
  });

  it('refuses a token signed with another secret', () => {
    const foreign = new TrackingTokens('another-secret-of-32-characters!!').sign({ purpose: TrackingPurpose.Open, contactId: 7 });
    expect(tokens.verify(foreign)).toBeUndefined();
  });

  it('refuses a token with any byte changed', () => {
    const token = tokens.sign({ purpose: TrackingPurpose.Click, contactId: 77, stepId: 3, linkIndex: 1 });
    const bytes = Buffer.from(token, 'base64url');
    for (let i = 0; i < bytes.length; i += 1) {
      const tampered = Buffer.from(bytes);
      tampered[i] ^= 0x01;
      expect(tokens.verify(tampered.toString('base64url'))).toBeUndefined();
    }
  });

  it('refuses garbage, truncated and padded tokens', () => {
    const token = tokens.sign({ purpose: TrackingPurpose.Open, contactId: 77 });
    for (const bad of ['', 'x', 'not a token at all!', token.slice(0, -2), `${token}AA`, 'A'.repeat(30), `${token}=`]) {
      expect(tokens.verify(bad)).toBeUndefined();
    }
  });

  it('does not let an open token serve as an unsubscribe token', () => {
    const open = tokens.sign({ purpose: TrackingPurpose.Open, contactId: 77 });
    expect(tokens.verify(open)).toEqual({ purpose: TrackingPurpose.Open, contactId: 77 });
    expect(tokens.verify(open)?.purpose).not.toBe(TrackingPurpose.Unsubscribe);
  });
});
