import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, DocumentBuilder } from '@nestjs/swagger';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, login, startApi } from './support/test-app';

type Method = 'POST' | 'PUT' | 'PATCH';

interface WriteEndpoint {
  method: Method;
  path: string;
  properties: string[];
}

/** Every JSON write endpoint the API documents, with the body properties it declares. */
function writeEndpoints(app: NestFastifyApplication): WriteEndpoint[] {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
  const schemas = document.components?.schemas ?? {};
  const endpoints: WriteEndpoint[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['post', 'put', 'patch'] as const) {
      const operation = item[method];
      const body = operation?.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
      const ref = body?.content?.['application/json']?.schema?.$ref;
      if (!ref) continue;
      const schema = schemas[ref.split('/').pop()!] as { properties?: Record<string, unknown> };
      endpoints.push({
        method: method.toUpperCase() as Method,
        // Ids in paths: 1 exists for most things in the fixture; the body is checked before the id anyway.
        path: path.replace(/\{[^}]+\}/g, '1'),
        properties: Object.keys(schema?.properties ?? {}),
      });
    }
  }
  return endpoints;
}

/** Puts a value of the wrong type (an object) into every declared property. */
function wrongTypes(properties: string[]): Record<string, unknown> {
  return Object.fromEntries(properties.map((name) => [name, { not: 'what you expect' }]));
}

/** Puts a string far longer than any field allows into every declared property. */
function overLong(properties: string[]): Record<string, unknown> {
  return Object.fromEntries(properties.map((name) => [name, 'x'.repeat(100_000)]));
}

describe('Bad input on every write endpoint', () => {
  let app: NestFastifyApplication;
  let token: string;
  let endpoints: WriteEndpoint[];

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    const org = await createFixtureOrg(db);
    // Holds every role, so that validation (not the role check) answers.
    await createUser(db, 'everything', org.province, [
      'admin', 'campaign_manager', 'segment_manager', 'channel_manager', 'branch_executor', 'reviewer', 'analyst',
    ]);
    token = await login(app, 'everything', FIXTURE_PASSWORD);
    endpoints = writeEndpoints(app).filter((e) => e.path !== '/api/auth/login');
  });

  afterAll(async () => {
    await app.close();
  });

  it('finds the documented write endpoints', () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(15);
  });

  it('answers malformed JSON with 400', async () => {
    for (const endpoint of endpoints) {
      const answer = await call(app, endpoint.method, endpoint.path, { token, rawBody: '{"name": ' });
      expect([endpoint.path, answer.status]).toEqual([endpoint.path, 400]);
    }
  });

  it('answers unknown fields with 400 naming them', async () => {
    for (const endpoint of endpoints) {
      const answer = await call(app, endpoint.method, endpoint.path, { token, body: { notAField: 1 } });
      expect([endpoint.path, answer.status]).toEqual([endpoint.path, 400]);
      expect(JSON.stringify(answer.body.details)).toContain('notAField');
    }
  });

  it('answers wrong types with 400 naming the fields', async () => {
    for (const endpoint of endpoints.filter((e) => e.properties.length > 0)) {
      const answer = await call(app, endpoint.method, endpoint.path, { token, body: wrongTypes(endpoint.properties) });
      expect([endpoint.path, answer.status]).toEqual([endpoint.path, 400]);
      expect(answer.body.details?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('answers over-long strings with 400, never 500', async () => {
    for (const endpoint of endpoints.filter((e) => e.properties.length > 0)) {
      const answer = await call(app, endpoint.method, endpoint.path, { token, body: overLong(endpoint.properties) });
      expect([endpoint.path, answer.status]).toEqual([endpoint.path, 400]);
    }
  });
});
