import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { createWorkerApp } from '../../apps/worker/src/create-worker-app';
import { createUser, FIXTURE_PASSWORD } from './fixtures';

/**
 * The real API (Fastify, PostgreSQL, Redis) in the test process. scripts/test.sh
 * points DATABASE_URL at a migrated test database and REDIS_URL at a test Redis.
 */
export async function startApi(): Promise<NestFastifyApplication> {
  const app = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The real worker (BullMQ processors) in the test process, for tests that need queued jobs done. */
export async function startWorker(): Promise<INestApplicationContext> {
  return createWorkerApp();
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/** One HTTP request through Fastify's inject (no socket), with an optional session token. */
export async function call<T = any>(
  app: NestFastifyApplication,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: { token?: string; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | Buffer | undefined;
  if (options.rawBody !== undefined) {
    payload = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await app.inject({ method, url, headers, payload });
  let body: any = response.body;
  try {
    body = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.statusCode, body, headers: response.headers as HttpAnswer['headers'] };
}

/** Logs in and returns the session token. */
export async function login(app: NestFastifyApplication, username: string, password: string): Promise<string> {
  const answer = await call(app, 'POST', '/api/auth/login', { body: { username, password } });
  if (answer.status !== 200) throw new Error(`login of ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

/** Creates a fixture user and logs them in; returns the session token. */
export async function loginNewUser(app: NestFastifyApplication, username: string, orgUnitId: number, roles: string[]): Promise<string> {
  await createUser(app.get(DataSource), username, orgUnitId, roles);
  return login(app, username, FIXTURE_PASSWORD);
}
