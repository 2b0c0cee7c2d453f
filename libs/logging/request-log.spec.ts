import { requestLine } from './request-log';

describe(requestLine.name, () => {
  it('logs the path without the query string, which may carry a searched mobile or name', () => {
    expect(requestLine({ id: 7, method: 'GET', url: '/api/customers?mobile=13912345678&page=2' })).toEqual({
      id: 7,
      method: 'GET',
      url: '/api/customers',
    });
  });
});
