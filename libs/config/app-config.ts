import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/** The environment the API and the worker read, checked once at start-up. */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string;

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string;

  /** Prefix of every BullMQ key, so that several installations can share one Redis. */
  @IsString()
  QUEUE_PREFIX = 'campaigns';

  @IsIn(['json', 'pretty'])
  @IsOptional()
  LOG_FORMAT?: 'json' | 'pretty';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_TTL_HOURS = 12;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_LOCK_MINUTES = 15;

  /** Where uploaded import files wait for the worker; API and worker must share it. */
  @IsString()
  UPLOAD_DIR = '.data/uploads';

  /** The Handlebars templates of mail, channels and reports (the repository's templates/). */
  @IsString()
  TEMPLATES_DIR = 'templates';

  /** The built web UI that the API serves; empty to serve none. */
  @IsString()
  WEB_DIST_DIR = 'apps/web/dist';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(64)
  WORKER_CONCURRENCY = 2;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  MAX_UPLOAD_MB = 1024;

  /**
   * Longest a statement may run, in milliseconds, unless batch work lifts the limit for
   * its transaction (allowBatchStatements); PostgreSQL ends it after that, so one
   * costly request cannot hold a connection and a core for minutes.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  STATEMENT_TIMEOUT_MS = 30000;

  /**
   * The SMTP server for the platform's mail (notifications now, campaign email later),
   * e.g. smtp://user:pass@mail.example.com:587; without it nothing is mailed and the
   * inbox alone tells staff. npm start starts a local mail catcher when it is not set.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** The sender of the platform's mail, with a name: "营销活动平台 <campaigns@example.com>". */
  @IsString()
  MAIL_FROM = '营销活动平台 <campaigns@localhost>';

  /** Where people reach the web UI; links in mail point here. */
  @Matches(/^https?:\/\/[^/]+/, { message: 'PUBLIC_URL must be an http:// or https:// address' })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * Set when the API runs behind a reverse proxy that sets X-Forwarded-For; otherwise
   * a client could pick its own address and slip past the per-address login limit.
   */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  TRUST_PROXY = false;

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json');
  }
}

/** Reads and validates the environment; throws one error that lists every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'REDIS_URL', 'LOG_FORMAT', 'SMTP_URL']);
  const raw = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.includes(key) && value !== ''));
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const given = raw[e.property];
      const value = given === undefined ? 'missing' : JSON.stringify(given);
      return `  ${e.property} (${value}): ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new Error(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return config;
}
