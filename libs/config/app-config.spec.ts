import { AppConfig, loadConfig } from './app-config';

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
    expect(loadConfig({ ...valid, NODE_ENV: 'production' }).logFormat).toBe('json');
  });

  it('names every missing or bad variable in one error', () => {
    const load = () => loadConfig({ REDIS_URL: 'http://nope', PORT: 'eighty' });
    expect(load).toThrow('DATABASE_URL (missing)');
    expect(load).toThrow('REDIS_URL ("http://nope"): REDIS_URL must be a redis:// URL');
    expect(load).toThrow('PORT ("eighty")');
  });
});
