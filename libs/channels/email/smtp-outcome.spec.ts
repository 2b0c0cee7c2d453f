import { smtpFailure } from './smtp-outcome';

describe(smtpFailure.name, () => {
  it('takes 5xx answers for hard bounces and 4xx answers and lost connections for failures to retry', () => {
    expect(smtpFailure({ responseCode: 550, response: '550 5.1.1 No such user' })).toEqual({ hard: true, reason: 'smtp_550', detail: '550 5.1.1 No such user' });
    expect(smtpFailure({ responseCode: 451, response: '451 4.3.0 Try again later' })).toMatchObject({ hard: false, reason: 'smtp_451' });
    expect(smtpFailure({ code: 'ECONNECTION', message: 'Connection closed' })).toMatchObject({ hard: false, reason: 'connection_econnection' });
    expect(smtpFailure(new Error('socket hang up'))).toMatchObject({ hard: false, reason: 'connection', detail: 'socket hang up' });
  });
});
