import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsYuan, NotBlank, OptionalValue } from '@lib/common';
import { TASK_FILTERS, TaskFilter, VISIT_OUTCOMES, VisitOutcome } from './field-tasks.view';

export class TaskListQuery {
  @ApiPropertyOptional({ enum: TASK_FILTERS, default: 'all' })
  @OptionalValue()
  @IsIn(TASK_FILTERS)
  filter?: TaskFilter;
}

export class AssignTaskBody {
  @ApiProperty({ example: 42, description: 'An agent (branch executor) of the task’s branch' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  agentId: number;
}

export class RecordVisitBody {
  @ApiProperty({ enum: VISIT_OUTCOMES, example: 'sold' })
  @IsIn(VISIT_OUTCOMES)
  outcome: VisitOutcome;

  @ApiPropertyOptional({ example: 'P2026120100042', description: "For 'sold': the policy the customer bought" })
  @OptionalValue()
  @IsString()
  @MaxLength(40)
  @NotBlank()
  policyNo?: string;

  @ApiPropertyOptional({ example: 1280, description: "For 'sold': the policy's premium, yuan with at most two decimals" })
  @OptionalValue()
  @IsYuan({ min: 0.01, max: 100_000_000 })
  premium?: number;

  @ApiPropertyOptional({ example: '客户下周再看车险续保' })
  @OptionalValue()
  @IsString()
  @MaxLength(500)
  note?: string;
}
