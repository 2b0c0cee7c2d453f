import { createHmac } from 'node:crypto';
import { MAX_TOKEN_LIFETIME_S, WebOfferTokens } from './web-offer-token';

describe(WebOfferTokens.name, () => {
  const tokens = new WebOfferTokens('a-test-secret-of-at-least-32-characters');
  const now = new Date('2026-12-01T12:00:00Z');
  const inAnHour = new Date(now.getTime() + 3_600_000);

  it('reads back the customer of a token it signed, until it expires', () => {
    const token = tokens.customerToken('C0001234', inAnHour);
    expect(tokens.verifyCustomer(token, now)).toEqual({ customerNo: 'C0001234' });
    expect(tokens.verifyCustomer(token, new Date(inAnHour.getTime() + 1000))).toEqual({ problem: 'expired' });
  });

  it('matches the documented format, so a site in another language can make one', () => {
    const exp = Math.floor(inAnHour.getTime() / 1000);
    const mac = createHmac('sha256', 'a-test-secret-of-at-least-32-characters').update(`C0001234.${exp}`).digest('base64url');
    expect(tokens.customerToken('C0001234', inAnHour)).toBe(`C0001234.${exp}.${mac}`);
  });

  it('refuses a tampered, foreign or malformed token', () => {
    const token = tokens.customerToken('C0001234', inAnHour);
    const [, exp, mac] = token.split('.');
    expect(tokens.verifyCustomer(`C0001235.${exp}.${mac}`, now)).toEqual({ problem: 'invalid' });
    expect(tokens.verifyCustomer(`C0001234.${Number(exp) + 60}.${mac}`, now)).toEqual({ problem: 'invalid' });
    expect(tokens.verifyCustomer(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, now)).toEqual({ problem: 'invalid' });
    const foreign = new WebOfferTokens('another-secret-of-at-least-32-characters!');
    expect(tokens.verifyCustomer(foreign.customerToken('C0001234', inAnHour), now)).toEqual({ problem: 'invalid' });
    for (const bad of ['', 'C0001234', 'C0001234.1.x.y', `C 1.${exp}.${mac}`]) expect(tokens.verifyCustomer(bad, now)).toEqual({ problem: 'invalid' });
  });

  it('refuses a token valid for far longer than a day', () => {
    const token = tokens.customerToken('C0001234', new Date(now.getTime() + (MAX_TOKEN_LIFETIME_S + 3600) * 1000));
    expect(tokens.verifyCustomer(token, now)).toEqual({ problem: 'invalid' });
  });

  it('signs accept links that name their contact and cannot pass for a customer token', () => {
    const accept = tokens.acceptToken(987654);
    expect(tokens.verifyAccept(accept)).toBe(987654);
    expect(tokens.verifyAccept(accept.replace('a987654', 'a987655'))).toBeUndefined();
    expect(tokens.verifyCustomer(accept, now)).toEqual({ problem: 'invalid' });
    expect(tokens.verifyAccept(tokens.customerToken('a1', inAnHour))).toBeUndefined();
  });
});
