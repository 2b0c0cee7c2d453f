import { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ValidationError } from './domain-error';
import { inputProblems, MAX_INPUT_DEPTH, nullProblems, RequestInputPipe } from './request-input.pipe';

class SomeBody {
  name: string;
}

class Limits {
  @ApiPropertyOptional({ nullable: true, description: 'null: no limit' }) maxPer7Days?: number | null;
  @ApiPropertyOptional() minGapHours?: number;
}

class PolicyBody {
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) nameEn?: string | null;
  @ApiPropertyOptional({ type: Limits }) limits?: Limits;
  @ApiProperty({ type: () => [Limits] }) steps: Limits[];
}

class PolicyChange extends PartialType(PolicyBody) {}

const body: ArgumentMetadata = { type: 'body', metatype: SomeBody };

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

/** Stands in for the validation pipe: refuses a body whose name is 'refused', as a field problem. */
const validation: PipeTransform = {
  transform: (value: { name?: unknown } | undefined) => {
    if (value?.name === 'refused') throw new ValidationError([{ field: 'name', code: 'wrong_format', params: {} }]);
    return value;
  },
};

describe(RequestInputPipe.name, () => {
  const pipe = new RequestInputPipe(validation);

  it('passes a body of plain values on to the validation pipe', async () => {
    const value = { name: '车险客户', rule: { type: 'group', children: [{ value: ['SYX', '上海'] }] } };
    await expect(pipe.transform(value, body)).resolves.toBe(value);
  });

  it('refuses a null, array or bare-value body where a DTO is expected, and lets a missing body through', async () => {
    for (const value of [null, [{ name: 'x' }], 'text', 5]) await expect(pipe.transform(value, body)).rejects.toThrow(ValidationError);
    await expect(pipe.transform(undefined, body)).resolves.toBeUndefined();
    await expect(pipe.transform([1, 2], { type: 'body', metatype: Array })).resolves.toEqual([1, 2]);
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

  it('refuses null wherever the API does not document the field as nullable, in nested and listed DTOs and partial ones', async () => {
    const value = { name: null, nameEn: null, limits: { maxPer7Days: null, minGapHours: null }, steps: [{ minGapHours: 1 }, { minGapHours: null }] };
    const expected = ['name', 'limits.minGapHours', 'steps.1.minGapHours'];
    for (const type of [PolicyBody, PolicyChange]) {
      expect(nullProblems(value, type).map((problem) => problem.field).sort()).toEqual(expected.sort());
    }
    const change: ArgumentMetadata = { type: 'body', metatype: PolicyChange };
    await expect(pipe.transform({ nameEn: null }, change)).resolves.toEqual({ nameEn: null });
    await expect(pipe.transform({ name: null }, change)).rejects.toMatchObject({ details: [{ field: 'name', code: 'not_nullable' }] });
  });

  it('names the nulls beside the problems the validation pipe finds, in one answer', async () => {
    const answer = pipe.transform({ name: 'refused', limits: { minGapHours: null } }, { type: 'body', metatype: PolicyChange });
    await expect(answer).rejects.toMatchObject({
      details: [{ field: 'name', code: 'wrong_format' }, { field: 'limits.minGapHours', code: 'not_nullable' }],
    });
  });
});
