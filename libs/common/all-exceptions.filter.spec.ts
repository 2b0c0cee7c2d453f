import { ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';

function hostCapturing(sent: { status?: number; body?: unknown }): ArgumentsHost {
  const reply = {
    status: (status: number) => ((sent.status = status), reply),
    header: () => reply,
    send: (body: unknown) => ((sent.body = body), reply),
  };
  return { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
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
});
