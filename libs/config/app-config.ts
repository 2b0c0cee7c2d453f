import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Signs tracking links outside production only, so development and tests need no set-up. */
export const DEVELOPMENT_TRACKING_SECRET = 'development-only-tracking-secret-do-not-use';

/** Signs web-offer tokens outside production only, so development, the demo site and tests need no set-up. */
export const DEVELOPMENT_WEB_OFFER_SECRET = 'development-only-web-offer-secret-do-not-use';

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

  /**
   * Key of the HMAC that signs the public tracking links (open pixel, click redirect,
   * unsubscribe); changing it voids the links of mail already sent. The development
   * default is refused in production.
   */
  @IsString()
  @MinLength(32, { message: 'TRACKING_SECRET must be at least 32 characters' })
  TRACKING_SECRET = DEVELOPMENT_TRACKING_SECRET;

  /**
   * Key of the HMAC shared with the insurer's site: it signs the token naming the
   * signed-in customer whose offers the site asks for (docs/web-offers.md), and the
   * accept links of those offers. The development default is refused in production.
   */
  @IsString()
  @MinLength(32, { message: 'WEB_OFFER_SECRET must be at least 32 characters' })
  WEB_OFFER_SECRET = DEVELOPMENT_WEB_OFFER_SECRET;

  /** How often the dispatcher hands due contacts to their channels, in milliseconds. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DISPATCH_INTERVAL_MS = 2000;

  /** Contacts per batch job: a million-contact campaign is a few thousand jobs. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(5000)
  DISPATCH_BATCH_SIZE = 500;

  /**
   * Contacts of one step queued or being sent at most; the dispatcher releases more as
   * they finish. Small enough that a pause or a cancel stops a send within seconds.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DISPATCH_MAX_IN_FLIGHT = 5000;

  /**
   * A batch that no job has touched for this long, in milliseconds, is looked after: its
   * job is queued again when Redis no longer holds it (Redis restarted empty, or the job
   * ran out of attempts). Longer than a part takes to send, so a living job is not doubted.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  DISPATCH_ORPHAN_AFTER_MS = 120_000;

  /**
   * How long, in milliseconds, a worker's hold on a send-email-batch job lasts without
   * being renewed (renewed at half of it). A worker process that dies mid-send leaves its
   * batch to another within about twice this, and the part it was sending is sent again.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  EMAIL_JOB_LOCK_MS = 30_000;

  /** Calls to a contact at most when it is not answered or busy; each later one on a slot CALL_RETRY_MINUTES on. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(20)
  CALL_ATTEMPTS = 3;

  /** How long an unanswered or busy call waits before its next slot, in minutes. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  CALL_RETRY_MINUTES = 120;

  /** Campaign emails per second at most, over every worker process (the SMTP relay's limit). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  EMAIL_RATE_PER_SECOND = 200;

  /**
   * Contacts of a batch that an email job claims, sends and settles together; a batch of
   * DISPATCH_BATCH_SIZE goes in two parts, the second claimed while the first is sent. A
   * crash resends at most one part per job.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(5000)
  EMAIL_PART_SIZE = 250;

  /** SMTP connections each worker process keeps open for campaign email. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(100)
  SMTP_POOL_SIZE = 5;

  /** DKIM signing of campaign email: the signing domain, the selector and the private key file (PEM); all three or none. */
  @IsOptional()
  @IsString()
  DKIM_DOMAIN?: string;

  @IsOptional()
  @IsString()
  DKIM_SELECTOR?: string;

  @IsOptional()
  @IsString()
  DKIM_PRIVATE_KEY_FILE?: string;

  /** Days a branch has to file its evaluation report after completion or a checkpoint, unless the plan says otherwise. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(90)
  EVALUATION_DUE_DAYS = 7;

  /** Debian's Chromium, which prints evaluation reports as PDF. */
  @IsString()
  CHROMIUM_PATH = '/usr/bin/chromium';

  get logFormat(): 'json' | 'pretty' {
    return this.LOG_FORMAT ?? (this.NODE_ENV === 'development' ? 'pretty' : 'json');
  }
}

/** Reads and validates the environment; throws one error that lists every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig()).concat(['DATABASE_URL', 'REDIS_URL', 'LOG_FORMAT', 'SMTP_URL', 'DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY_FILE']);
  const raw = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.includes(key) && value !== ''));
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { skipMissingProperties: false });
  const lines = errors.map((e) => {
    const given = raw[e.property];
    const value = given === undefined ? 'missing' : JSON.stringify(given);
    return `  ${e.property} (${value}): ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
  if (config.NODE_ENV === 'production' && config.TRACKING_SECRET === DEVELOPMENT_TRACKING_SECRET) {
    // Anyone could sign unsubscribe links with a secret that is in the source code.
    lines.push('  TRACKING_SECRET (missing): production needs its own secret, not the development default');
  }
  if (config.NODE_ENV === 'production' && config.WEB_OFFER_SECRET === DEVELOPMENT_WEB_OFFER_SECRET) {
    lines.push('  WEB_OFFER_SECRET (missing): production needs its own secret, shared with the insurer\'s site, not the development default');
  }
  const dkim = [config.DKIM_DOMAIN, config.DKIM_SELECTOR, config.DKIM_PRIVATE_KEY_FILE];
  if (dkim.some(Boolean) && !dkim.every(Boolean)) {
    lines.push('  DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE: give all three to sign mail with DKIM, or none');
  }
  if (lines.length > 0) {
    throw new Error(`Invalid configuration in the environment:\n${lines.join('\n')}`);
  }
  return config;
}
