import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule, DocumentBuilder } from '@nestjs/swagger';
import { createFixtureOrg, createUser, FIXTURE_PASSWORD, resetState } from './support/fixtures';
import { call, HttpAnswer, login, startApi } from './support/test-app';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Key = string | number;

/** An OpenAPI schema, as far as these tests read one. */
interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  example?: unknown;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

/** A value somewhere in a request body: its path from the top and its declared schema. */
interface Leaf {
  path: Key[];
  schema: Schema;
  /** The document allows null here. */
  nullable: boolean;
}

interface WriteEndpoint {
  method: Method;
  path: string;
  properties: string[];
  /** Every declared value, nested objects and the first item of arrays included. */
  leaves: Leaf[];
}

interface Parameter {
  in: 'query' | 'path';
  name: string;
}

/** Every documented operation with its path and query parameters, for the tests of query strings and path params. */
interface Operation {
  method: Method;
  template: string;
  parameters: Parameter[];
}

function openApi(app: NestFastifyApplication) {
  return SwaggerModule.createDocument(app, new DocumentBuilder().build());
}

function resolver(schemas: Record<string, unknown>) {
  return function resolve(schema: Schema): Schema {
    if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop()!] as Schema);
    if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0]), nullable: schema.nullable };
    return schema;
  };
}

/** The declared values of a body schema, two objects deep. */
function leavesOf(schema: Schema, resolve: (schema: Schema) => Schema, prefix: Key[] = []): Leaf[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, declared]) => {
    const own = resolve(declared);
    const path = [...prefix, name];
    const leaf = { path, schema: own, nullable: Boolean(declared.nullable ?? own.nullable) };
    if (prefix.length >= 2) return [leaf];
    if (own.properties) return [leaf, ...leavesOf(own, resolve, path)];
    if (own.type === 'array' && own.items) {
      const item = resolve(own.items);
      const itemLeaf = { path: [...path, 0], schema: item, nullable: false };
      return item.properties ? [leaf, ...leavesOf(item, resolve, [...path, 0])] : [leaf, itemLeaf];
    }
    return [leaf];
  });
}

/** Every JSON write endpoint the API documents, with the body values it declares. */
function writeEndpoints(app: NestFastifyApplication): WriteEndpoint[] {
  const document = openApi(app);
  const resolve = resolver(document.components?.schemas ?? {});
  const endpoints: WriteEndpoint[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['post', 'put', 'patch'] as const) {
      const operation = item[method];
      const body = operation?.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined;
      const declared = body?.content?.['application/json']?.schema;
      if (!declared?.$ref) continue;
      const schema = resolve(declared);
      endpoints.push({
        method: method.toUpperCase() as Method,
        // Ids in paths: 1 exists for most things in the fixture; the body is checked before the id anyway.
        path: path.replace(/\{[^}]+\}/g, '1'),
        properties: Object.keys(schema.properties ?? {}),
        leaves: leavesOf(schema, resolve),
      });
    }
  }
  return endpoints;
}

function operations(app: NestFastifyApplication): Operation[] {
  const document = openApi(app);
  return Object.entries(document.paths).flatMap(([template, item]) =>
    (['get', 'post', 'put', 'patch', 'delete'] as const)
      .filter((method) => item[method])
      .map((method) => ({
        method: method.toUpperCase() as Method,
        template,
        parameters: ((item[method]!.parameters ?? []) as Parameter[]).filter((p) => p.in === 'query' || p.in === 'path'),
      })),
  );
}

/**
 * Puts a value of the wrong type into every declared property: an object, or a text where
 * the property is itself a free-form object (a report's answers, keyed by its form's fields).
 */
function wrongTypes(endpoint: WriteEndpoint): Record<string, unknown> {
  return Object.fromEntries(
    endpoint.properties.map((name) => {
      const declared = endpoint.leaves.find((leaf) => leaf.path.length === 1 && leaf.path[0] === name);
      const freeForm = declared?.schema.type === 'object' && !declared.schema.properties;
      return [name, freeForm ? 'not an object' : { not: 'what you expect' }];
    }),
  );
}

/** Puts a string far longer than any field allows into every declared property. */
function overLong(properties: string[]): Record<string, unknown> {
  return Object.fromEntries(properties.map((name) => [name, 'x'.repeat(100_000)]));
}

/** A body holding `value` at `path`, with objects and arrays on the way. */
function bodyWith(path: Key[], value: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  let at: any = body;
  path.forEach((key, index) => {
    if (index === path.length - 1) at[key] = value;
    else at = at[key] = typeof path[index + 1] === 'number' ? [] : {};
  });
  return body;
}

/** `[[[…]]]`, `depth` arrays deep. */
function nestedJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

function fieldOf(path: Key[]): string {
  return path.join('.');
}

/** The answer is a 400 whose details name the field at `field` (or the object holding it). */
function namesField(answer: HttpAnswer, field: string): boolean {
  const details: { field: string }[] = answer.body?.details ?? [];
  return answer.status === 400 && details.some((d) => field === d.field || field.startsWith(`${d.field}.`) || d.field.startsWith(`${field}.`));
}

function outcome(endpoint: { method: string; path: string }, field: string, answer: HttpAnswer) {
  return { endpoint: `${endpoint.method} ${endpoint.path}`, field, status: answer.status, named: namesField(answer, field), body: answer.body };
}

/** Names and reasons are what people read: a name of spaces only says nothing. */
const NAME_LIKE = /name|reason/i;

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
/** Each passes a lax ISO 8601 check but is not the date or date-time the code reads. */
const BAD_DATES = ['2026-W01', '20261231T100000Z', '2026-02-30', '2026-13-01', '2026-12-31T24:30:00Z', '2026-001'];

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
      'admin', 'campaign_manager', 'segment_manager', 'channel_manager', 'branch_executor', 'reviewer', 'analyst', 'call_agent',
    ]);
    token = await login(app, 'everything', FIXTURE_PASSWORD);
    endpoints = writeEndpoints(app).filter((e) => e.path !== '/api/auth/login');
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Sends each case and collects those not answered with a 400 naming the field. */
  async function failures(cases: { endpoint: WriteEndpoint; field: string; body?: unknown; rawBody?: string }[]) {
    const failed = [];
    for (const { endpoint, field, body, rawBody } of cases) {
      const answer = await call(app, endpoint.method, endpoint.path, { token, body, rawBody });
      const seen = outcome(endpoint, field, answer);
      if (!seen.named) failed.push(seen);
    }
    return failed;
  }

  function leafCases(select: (leaf: Leaf) => boolean, value: unknown) {
    return endpoints.flatMap((endpoint) =>
      endpoint.leaves.filter(select).map((leaf) => ({ endpoint, field: fieldOf(leaf.path), body: bodyWith(leaf.path, value) })),
    );
  }

  const isString = (leaf: Leaf) => leaf.schema.type === 'string';

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
      const answer = await call(app, endpoint.method, endpoint.path, { token, body: wrongTypes(endpoint) });
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

  it('refuses JSON nested 10,000 deep with 400 naming the field, in a field and as the whole body', async () => {
    const cases = endpoints.flatMap((endpoint) => {
      const field = endpoint.properties[0] ?? 'notAField';
      return [
        { endpoint, field, rawBody: `{"${field}": ${nestedJson(10_000)}}` },
        { endpoint, field: 'body', rawBody: nestedJson(10_000) },
      ];
    });
    await expect(failures(cases)).resolves.toEqual([]);
  });

  it('refuses a NUL character in any string of a body, keys included, with 400 naming the field', async () => {
    const cases = [
      ...leafCases(isString, NUL),
      ...endpoints.map((endpoint) => ({ endpoint, field: `${endpoint.properties[0] ?? 'x'}.${NUL}`, body: bodyWith([endpoint.properties[0] ?? 'x', NUL], 1) })),
    ];
    await expect(failures(cases)).resolves.toEqual([]);
  });

  it('refuses lone surrogates in any string of a body with 400 naming the field', async () => {
    await expect(failures(leafCases(isString, LONE_SURROGATE))).resolves.toEqual([]);
  });

  it('refuses a null body and an array body with 400, instead of taking them as an empty change', async () => {
    const cases = endpoints.flatMap((endpoint) => [
      { endpoint, field: 'body', rawBody: 'null' },
      { endpoint, field: 'body', rawBody: '"text"' },
      { endpoint, field: 'body', body: [Object.fromEntries(endpoint.properties.map((name) => [name, 'x']))] },
    ]);
    await expect(failures(cases)).resolves.toEqual([]);
  });

  it('refuses null for every value the document does not declare nullable', async () => {
    await expect(failures(leafCases((leaf) => !leaf.nullable && typeof leaf.path.at(-1) === 'string', null))).resolves.toEqual([]);
  });

  it('refuses names and reasons of white space only', async () => {
    const nameLike = (leaf: Leaf) => isString(leaf) && NAME_LIKE.test(String(leaf.path.at(-1)));
    expect(endpoints.flatMap((e) => e.leaves).filter(nameLike).length).toBeGreaterThanOrEqual(5);
    await expect(failures([...leafCases(nameLike, '   '), ...leafCases(nameLike, '\u3000\t')])).resolves.toEqual([]);
  });

  it('refuses dates that a lax ISO 8601 check lets through (week dates, basic format, impossible days)', async () => {
    // Declared as a date, or shown with a date as its example (a field that forgot its format is still a date).
    const isDate = (leaf: Leaf) =>
      leaf.schema.format === 'date' || leaf.schema.format === 'date-time' || /^\d{4}-\d{2}-\d{2}/.test(String(leaf.schema.example ?? ''));
    expect(endpoints.flatMap((e) => e.leaves).filter(isDate).length).toBeGreaterThanOrEqual(5);
    await expect(failures(BAD_DATES.flatMap((bad) => leafCases(isDate, bad)))).resolves.toEqual([]);
  });

  it('refuses numbers written with tiny exponents (1e-9) and binary fractions in every number field', async () => {
    const isNumber = (leaf: Leaf) => leaf.schema.type === 'number' || leaf.schema.type === 'integer';
    expect(endpoints.flatMap((e) => e.leaves).filter(isNumber).length).toBeGreaterThanOrEqual(5);
    await expect(failures([...leafCases(isNumber, 1e-9), ...leafCases(isNumber, 0.1 + 0.2)])).resolves.toEqual([]);
  });

  describe('query strings and path parameters', () => {
    let documented: Operation[];

    beforeAll(() => {
      documented = operations(app).filter((o) => o.parameters.length > 0);
    });

    async function parameterFailures(value: string) {
      const failed = [];
      for (const operation of documented) {
        for (const parameter of operation.parameters) {
          let url = operation.template.replace(/\{([^}]+)\}/g, (_whole, name) => (name === parameter.name ? value : '1'));
          if (parameter.in === 'query') url += `?${parameter.name}=${value}`;
          const answer = await call(app, operation.method, url, { token });
          const seen = outcome({ method: operation.method, path: url }, parameter.name, answer);
          if (!seen.named) failed.push(seen);
        }
      }
      return failed;
    }

    it('finds documented query and path parameters', () => {
      expect(documented.flatMap((o) => o.parameters).length).toBeGreaterThanOrEqual(10);
    });

    it('refuses a NUL character in any query string or path parameter with 400 naming it', async () => {
      await expect(parameterFailures('a%00b')).resolves.toEqual([]);
    });
  });
});

describe('Bad multipart uploads of an import', () => {
  const BOUNDARY = '----bad-input-boundary';
  let app: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    app = await startApi();
    const db = await resetState(app);
    const org = await createFixtureOrg(db);
    await createUser(db, 'uploader', org.province, ['admin']);
    token = await login(app, 'uploader', FIXTURE_PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
  });

  function part(fileName: string, content: string): string {
    return [`--${BOUNDARY}`, `Content-Disposition: form-data; name="file"; filename="${fileName}"`, 'Content-Type: text/csv', '', content].join('\r\n');
  }

  const complete = (fileName: string, content: string) => `${part(fileName, content)}\r\n--${BOUNDARY}--\r\n`;

  function upload(contentType: string, rawBody: string): Promise<HttpAnswer> {
    return call(app, 'POST', '/api/imports?kind=customers', { token, rawBody, headers: { 'content-type': contentType } });
  }

  it('answers an upload without a usable boundary with 400 naming the file field', async () => {
    for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=', `multipart/form-data; boundary=${'b'.repeat(300)}`]) {
      const answer = await upload(contentType, complete('customers.csv', 'customer_no,name\nC1,王伟'));
      expect([contentType, answer.status]).toEqual([contentType, 400]);
      expect(answer.body).toMatchObject({ code: 'malformed_upload', details: [{ field: 'file', code: 'upload_without_boundary' }] });
    }
  });

  it('answers an upload whose boundary is not the one declared with 400 naming the file field', async () => {
    const answer = await upload('multipart/form-data; boundary=something-else', complete('customers.csv', 'customer_no,name\nC1,王伟'));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([expect.objectContaining({ field: 'file', code: 'upload_boundary_mismatch' })]);
  });

  it('answers a truncated upload with 400 naming the file field, and stores no import', async () => {
    const answer = await upload(`multipart/form-data; boundary=${BOUNDARY}`, part('customers.csv', 'customer_no,name\nC1,王'));
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'malformed_upload', details: [{ field: 'file', code: 'upload_truncated' }] });
    const imports = await call(app, 'GET', '/api/imports', { token });
    expect(imports.body.total).toBe(0);
  });

  it('refuses a file name holding a NUL character with 400 naming the file field', async () => {
    const answer = await upload(`multipart/form-data; boundary=${BOUNDARY}`, complete('cus\u0000tomers.csv', 'customer_no,name\nC1,王伟'));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([expect.objectContaining({ field: 'file' })]);
  });
});
