import { AppConfig, DEVELOPMENT_TRACKING_SECRET, DEVELOPMENT_WEB_OFFER_SECRET, loadConfig } from './app-config';

const valid = { DATABASE_URL: 'postgres://u@localhost:5432/db', REDIS_URL: 'redis://localhost:6379/0' };

describe(AppConfig.name, () => {
  it('applies defaults and converts numbers', () => {
    const config = loadConfig({ ...valid, PORT: '8080' });
    expect(config.PORT).toBe(8080);
    expect(config.SESSION_TTL_HOURS).toBe(12);
    expect(config.STATEMENT_TIMEOUT_MS).toBe(30000);
    expect(config.logFormat).toBe('pretty');
  });

  it('writes JSON logs outside development', () => {
    expect(loadConfig({ ...valid, NODE_ENV: 'production', TRACKING_SECRET: 'x'.repeat(32), WEB_OFFER_SECRET: 'y'.repeat(32) }).logFormat).toBe('json');
  });

  it('refuses the development tracking secret in production, and a short one anywhere', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow('TRACKING_SECRET (missing): production needs its own secret');
    expect(() => loadConfig({ ...valid, TRACKING_SECRET: 'short' })).toThrow('TRACKING_SECRET must be at least 32 characters');
    expect(loadConfig(valid).TRACKING_SECRET).toBe(DEVELOPMENT_TRACKING_SECRET);
  });

  it('refuses the development web-offer secret in production, and a short one anywhere', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', TRACKING_SECRET: 'x'.repeat(32) })).toThrow('WEB_OFFER_SECRET (missing): production needs its own secret');
    expect(() => loadConfig({ ...valid, WEB_OFFER_SECRET: 'short' })).toThrow('WEB_OFFER_SECRET must be at least 32 characters');
    expect(loadConfig(valid).WEB_OFFER_SECRET).toBe(DEVELOPMENT_WEB_OFFER_SECRET);
  });

  it('reads how long a batch job is held and when a batch counts as lost, refusing holds under a second', () => {
    expect(loadConfig(valid)).toMatchObject({ EMAIL_JOB_LOCK_MS: 30000, DISPATCH_ORPHAN_AFTER_MS: 120000 });
    expect(loadConfig({ ...valid, EMAIL_JOB_LOCK_MS: '3000', DISPATCH_ORPHAN_AFTER_MS: '5000' })).toMatchObject({
      EMAIL_JOB_LOCK_MS: 3000,
      DISPATCH_ORPHAN_AFTER_MS: 5000,
    });
    expect(() => loadConfig({ ...valid, EMAIL_JOB_LOCK_MS: '500' })).toThrow('EMAIL_JOB_LOCK_MS ("500")');
  });

  it('names every missing or bad variable in one error', () => {
    const load = () => loadConfig({ REDIS_URL: 'http://nope', PORT: 'eighty' });
    expect(load).toThrow('DATABASE_URL (missing)');
    expect(load).toThrow('REDIS_URL ("http://nope"): REDIS_URL must be a redis:// URL');
    expect(load).toThrow('PORT ("eighty")');
  });
});
