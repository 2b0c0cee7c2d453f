import { ArgumentMetadata } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ValidationError } from './domain-error';
import { createValidationPipe, problemCode } from './validation';

class Window {
  @IsInt() @Max(90) days!: number;
}

class Body {
  @MaxLength(5) name!: string;
  @IsIn(['email', 'phone']) channel!: string;
  @IsOptional() @Matches(/^\d\d:\d\d$/, problemCode('not_a_time')) start?: string;
  @ValidateNested() @Type(() => Window) window!: Window;
}

async function problemsOf(value: unknown): Promise<unknown> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: Body };
  try {
    await createValidationPipe().transform(value, metadata);
  } catch (error) {
    if (error instanceof ValidationError) return error.details;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe(createValidationPipe.name, () => {
  it('gives every constraint a catalogue code with the decorator\'s arguments as params', async () => {
    await expect(problemsOf({ name: 'toolong', channel: 'fax', window: { days: 91 }, extra: 1 })).resolves.toEqual([
      { field: 'extra', code: 'unknown_field', params: {} },
      { field: 'name', code: 'too_long', params: { max: 5 } },
      { field: 'channel', code: 'not_one_of', params: { values: ['email', 'phone'] } },
      { field: 'window.days', code: 'above_max', params: { max: 90 } },
    ]);
  });

  it('uses the code a decorator names over the constraint\'s general one', async () => {
    await expect(problemsOf({ name: 'ok', channel: 'email', start: '9am', window: { days: 1 } })).resolves.toEqual([
      { field: 'start', code: 'not_a_time', params: {} },
    ]);
  });
});
