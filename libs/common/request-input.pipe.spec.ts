import { ArgumentMetadata } from '@nestjs/common';
import { ValidationError } from './domain-error';
import { inputProblems, MAX_INPUT_DEPTH, RequestInputPipe } from './request-input.pipe';

class SomeBody {
  name: string;
}

const body: ArgumentMetadata = { type: 'body', metatype: SomeBody };

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

describe(RequestInputPipe.name, () => {
  const pipe = new RequestInputPipe();

  it('passes a body of plain values through unchanged', () => {
    const value = { name: '车险客户', rule: { type: 'group', children: [{ value: ['SYX', '上海'] }] } };
    expect(pipe.transform(value, body)).toBe(value);
  });

  it('refuses a null, array or bare-value body where a DTO is expected, and lets a missing body through', () => {
    for (const value of [null, [{ name: 'x' }], 'text', 5]) expect(() => pipe.transform(value, body)).toThrow(ValidationError);
    expect(pipe.transform(undefined, body)).toBeUndefined();
    expect(pipe.transform([1, 2], { type: 'body', metatype: Array })).toEqual([1, 2]);
  });

  it('names the top-level field of nesting deeper than the limit, however deep, without overflowing', () => {
    expect(inputProblems(nested(MAX_INPUT_DEPTH))).toEqual([]);
    expect(inputProblems({ rule: nested(100_000) })).toEqual([{ field: 'rule', code: 'nested_too_deep', params: { max: MAX_INPUT_DEPTH } }]);
  });

  it('names each string, key, query value and path param holding a NUL or a lone surrogate', () => {
    expect(inputProblems({ guidance: { talkingPoints: ['ok', 'a\u0000b'] } })).toEqual([
      { field: 'guidance.talkingPoints.1', code: 'contains_nul', params: {} },
    ]);
    expect(inputProblems({ ['k\u0000']: 1 })).toEqual([{ field: 'k\u0000', code: 'contains_nul', params: {} }]);
    expect(inputProblems({ q: 'a\ud800' })).toEqual([{ field: 'q', code: 'lone_surrogate', params: {} }]);
    expect(inputProblems('\udc00x', 'code')).toEqual([{ field: 'code', code: 'lone_surrogate', params: {} }]);
    expect(inputProblems({ name: '表情 😀 可以' })).toEqual([]);
  });
});
