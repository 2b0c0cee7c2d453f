import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AllExceptionsFilter, ERROR_MESSAGES } from '@lib/common';
import { createFixtureOrg, createUser, FixtureOrg, resetState } from './support/fixtures';
import { call, HttpAnswer, loginNewUser, startApi } from './support/test-app';

const CHINESE = 'zh-CN,zh;q=0.9,en;q=0.8';
const ENGLISH = 'en-US,en;q=0.9';

describe(AllExceptionsFilter.name, () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let org: FixtureOrg;
  let admin: string;
  let analyst: string;
  let segments: string;

  /** The same request, asked in Chinese, in English and in no language at all. */
  async function inEachLanguage(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<{ zh: HttpAnswer; en: HttpAnswer; unnamed: HttpAnswer }> {
    const ask = (language?: string) => call(app, method, url, { ...options, headers: language ? { 'accept-language': language } : {} });
    return { zh: await ask(CHINESE), en: await ask(ENGLISH), unnamed: await ask() };
  }

  /** Chinese and English answers differ only in their texts, and no language means Chinese. */
  function expectSameButText(answers: { zh: HttpAnswer; en: HttpAnswer; unnamed: HttpAnswer }): void {
    const withoutTexts = ({ body }: HttpAnswer) => ({
      ...body,
      message: undefined,
      details: body.details?.map((detail: object) => ({ ...detail, problem: undefined })),
    });
    expect(withoutTexts(answers.en)).toEqual(withoutTexts(answers.zh));
    expect(answers.unnamed.body).toEqual(answers.zh.body);
    expect(answers.en.body.message).not.toEqual(answers.zh.body.message);
  }

  beforeAll(async () => {
    app = await startApi();
    db = await resetState(app);
    org = await createFixtureOrg(db);
    admin = await loginNewUser(app, 'lang.admin', org.province, ['admin']);
    analyst = await loginNewUser(app, 'lang.analyst', org.province, ['analyst']);
    segments = await loginNewUser(app, 'lang.segments', org.province, ['segment_manager']);
  });

  afterAll(async () => {
    await app.close();
  });

  it('names each invalid field of a body with the constraint\'s code, its arguments and a text in the reader\'s language', async () => {
    const answers = await inEachLanguage('POST', '/api/org-units', {
      token: admin,
      body: { code: 'bad code!', name: 'x'.repeat(101), parentId: org.province, colour: 'red' },
    });
    expect(answers.zh.status).toBe(400);
    expectSameButText(answers);
    expect(answers.zh.body).toMatchObject({ code: 'validation_failed', params: {}, message: '请求中有无效字段' });
    expect(answers.en.body.message).toBe('The request has invalid fields');
    const byField = (answer: HttpAnswer, field: string) => answer.body.details.find((detail: { field: string }) => detail.field === field);
    expect(byField(answers.zh, 'name')).toEqual({ field: 'name', code: 'too_long', params: { max: 100 }, problem: '最多 100 个字符' });
    expect(byField(answers.en, 'name')).toEqual({ field: 'name', code: 'too_long', params: { max: 100 }, problem: 'must be at most 100 characters long' });
    expect(byField(answers.zh, 'code')).toMatchObject({ code: 'org_unit_code_format', problem: '只能包含字母、数字、_ 和 -' });
    expect(byField(answers.en, 'colour')).toMatchObject({ code: 'unknown_field', problem: 'is not a field this request takes' });
  });

  it('puts the rule compiler\'s problems into the reader\'s language', async () => {
    const rule = { type: 'condition', field: 'age', operator: 'between', value: [50, 30] };
    const answers = await inEachLanguage('POST', '/api/segments/preview', { token: segments, body: { rule } });
    expect(answers.zh.status).toBe(400);
    expectSameButText(answers);
    expect(answers.zh.body).toMatchObject({ code: 'rule_invalid', message: '规则无效' });
    expect(answers.zh.body.details).toEqual([{ field: 'rule.value', code: 'rule_low_above_high', params: {}, problem: '下限不能大于上限' }]);
    expect(answers.en.body.details[0].problem).toBe('low must not be greater than high');
  });

  it('says which user name is taken, in the reader\'s language', async () => {
    await createUser(db, 'taken.name', org.province, ['analyst']);
    const answers = await inEachLanguage('POST', '/api/users', {
      token: admin,
      body: { username: 'taken.name', displayName: '重名', password: 'Secret123', orgUnitId: org.province, roles: ['analyst'] },
    });
    expect(answers.zh.status).toBe(409);
    expectSameButText(answers);
    expect(answers.zh.body).toEqual({ statusCode: 409, code: 'duplicate_username', params: { username: 'taken.name' }, message: '用户名 taken.name 已被占用' });
    expect(answers.en.body.message).toBe('The user name taken.name is already taken');
  });

  it('names the missing thing and its id', async () => {
    const answers = await inEachLanguage('GET', '/api/org-units/999999', { token: admin });
    expect(answers.zh.status).toBe(404);
    expectSameButText(answers);
    expect(answers.zh.body).toEqual({ statusCode: 404, code: 'not_found', params: { entity: 'org_unit', id: 999999 }, message: '机构 999999 不存在' });
    expect(answers.en.body.message).toBe('Org unit 999999 was not found');
  });

  it('names the roles an action needs, by their names in the reader\'s language', async () => {
    const answers = await inEachLanguage('PATCH', `/api/org-units/${org.cityA}`, { token: analyst, body: { name: 'x' } });
    expect(answers.zh.status).toBe(403);
    expectSameButText(answers);
    expect(answers.zh.body).toMatchObject({ code: 'role_required', params: { roles: ['admin'] }, message: '此操作需要以下角色之一：系统管理员' });
    expect(answers.en.body.message).toBe('This needs one of the roles: Administrator');
  });

  it('answers a wrong password and then the lock-out in the reader\'s language', async () => {
    await createUser(db, 'lang.locked', org.province, ['analyst']);
    const attempt = (language: string) =>
      call(app, 'POST', '/api/auth/login', { body: { username: 'lang.locked', password: 'Wrong#2026' }, headers: { 'accept-language': language } });
    const wrong = await attempt(ENGLISH);
    expect(wrong.body).toEqual({ statusCode: 401, code: 'wrong_credentials', params: {}, message: 'Wrong user name or password' });
    for (let i = 0; i < 4; i++) await attempt(CHINESE);

    const [zh, en] = [await attempt(CHINESE), await attempt(ENGLISH)];
    expect(zh.status).toBe(429);
    expect(zh.body).toEqual({ statusCode: 429, code: 'login_locked', params: { minutes: 15 }, message: '登录失败次数过多，请 15 分钟后再试' });
    expect(en.body).toEqual({ ...zh.body, message: 'Too many failed logins; try again in 15 minute(s)' });
  });

  it('names a malformed id in the path as a field, in the reader\'s language', async () => {
    const customer = await inEachLanguage('GET', '/api/customers/abc', { token: admin });
    expect(customer.zh.status).toBe(400);
    expect(customer.zh.body.details).toContainEqual({ field: 'id', code: 'not_whole_number', params: {}, problem: '必须是整数' });
    const upload = await inEachLanguage('GET', '/api/imports/not-a-uuid', { token: admin });
    expect(upload.zh.status).toBe(400);
    expect(upload.zh.body.details).toEqual([{ field: 'id', code: 'not_uuid', params: {}, problem: '必须是 UUID' }]);
    expect(upload.en.body.details[0].problem).toBe('must be a UUID');
  });

  it('answers an unknown endpoint in the reader\'s language', async () => {
    const answers = await inEachLanguage('GET', '/api/no-such-thing', { token: admin });
    expect(answers.zh.status).toBe(404);
    expect(answers.zh.body).toMatchObject({ code: 'route_not_found', message: ERROR_MESSAGES.route_not_found.zh });
    expect(answers.en.body.message).toBe(ERROR_MESSAGES.route_not_found.en);
  });
});
