import { ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { ConflictError, NotFoundError, ValidationError } from './domain-error';

function hostCapturing(sent: { status?: number; body?: unknown }, acceptLanguage?: string): ArgumentsHost {
  const reply = {
    status: (status: number) => ((sent.status = status), reply),
    header: () => reply,
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const request = { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} };
  return { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
}

function answerTo(error: unknown, acceptLanguage?: string): any {
  const sent: { status?: number; body?: unknown } = {};
  new AllExceptionsFilter().catch(error, hostCapturing(sent, acceptLanguage));
  return sent.body;
}

describe(AllExceptionsFilter.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a failed statement without its bound values or the driver detail, which may hold personal data', () => {
    const logged: unknown[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    const driverError = Object.assign(new Error('deadlock detected'), { code: '40P01', detail: 'Key (mobile)=(13912345678)' });
    const failure = new QueryFailedError('SELECT 1 FROM customers WHERE mobile = $1', ['13912345678'], driverError);
    const sent: { status?: number; body?: any } = {};

    new AllExceptionsFilter().catch(failure, hostCapturing(sent));

    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('customers');
    const line = JSON.stringify(logged);
    expect(line).toContain(sent.body.errorId);
    expect(line).toContain('SELECT 1 FROM customers WHERE mobile = $1');
    expect(line).not.toContain('13912345678');
  });

  it('answers in Chinese unless the request prefers English, with the same code and params either way', () => {
    const error = new ConflictError('The user name admin is already taken', 'duplicate_username', { username: 'admin' });

    expect(answerTo(error)).toEqual({
      statusCode: 409,
      code: 'duplicate_username',
      params: { username: 'admin' },
      message: '用户名 admin 已被占用',
    });
    expect(answerTo(error, 'en-US,en;q=0.9,zh;q=0.5').message).toBe('The user name admin is already taken');
    expect(answerTo(error, 'zh-CN,zh;q=0.9,en;q=0.8').message).toBe('用户名 admin 已被占用');
    expect(answerTo(error, 'fr-FR').message).toBe('用户名 admin 已被占用');
  });

  it('names the missing thing in the request\'s language', () => {
    expect(answerTo(new NotFoundError('org_unit', 42), 'en').message).toBe('Org unit 42 was not found');
    expect(answerTo(new NotFoundError('org_unit', 42), 'zh').message).toBe('机构 42 不存在');
  });

  it('puts each field problem into the request\'s language beside its code and params', () => {
    const error = new ValidationError([{ field: 'name', code: 'too_long', params: { max: 100 } }]);

    expect(answerTo(error, 'en').details).toEqual([
      { field: 'name', code: 'too_long', params: { max: 100 }, problem: 'must be at most 100 characters long' },
    ]);
    expect(answerTo(error).details[0].problem).toBe('最多 100 个字符');
  });
});
