import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, OptionalValue } from '@lib/common';
import type { FigureExplanations, FormAnswers } from '../form-schema';
import { REPORT_OCCASIONS, REPORT_STATUSES, ReportOccasion, ReportStatus } from './report-status';

/** Longest explanation of a changed figure, and longest comment. */
export const EXPLANATION_MAX = 1000;
export const COMMENT_MAX = 2000;

/** The branch's answers: saved as a draft, or submitted. The form's own rules check them in the service. */
export class ReportAnswersBody {
  @ApiProperty({ type: Object, example: { contacts: '120', execution_summary: '按计划完成' }, description: "Field key → value (decimal strings for numbers and money)" })
  @IsObject()
  answers: FormAnswers;

  @ApiPropertyOptional({ type: Object, example: { contacts: '两次外呼未记入系统' }, description: 'Field key → why a prefilled figure was changed' })
  @OptionalValue()
  @IsObject()
  explanations?: FigureExplanations;
}

export class ReturnReportBody {
  @ApiPropertyOptional({ maxLength: COMMENT_MAX, example: '请补充客户反馈' })
  @OptionalValue()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;

  @ApiPropertyOptional({ type: Object, example: { responses: '与系统数据差异较大，请核实' }, description: 'Field key → what to fix there' })
  @OptionalValue()
  @IsObject()
  fieldComments?: Record<string, string>;
}

export class ApproveReportBody {
  @ApiPropertyOptional({ maxLength: COMMENT_MAX })
  @OptionalValue()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ReportListQuery {
  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({ description: 'Only reports of this campaign' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(2147483647)
  campaignId?: number;

  @ApiPropertyOptional({ description: 'Only reports past their due date and not filed' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only reports waiting for a decision the reader may make' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  toReview?: boolean;
}

/** Which occasion of a campaign to compare: the completion, or a checkpoint's date. */
export class OccasionQuery {
  @ApiPropertyOptional({ enum: REPORT_OCCASIONS, description: 'The completion by default, else the latest checkpoint' })
  @IsOptional()
  @IsIn(REPORT_OCCASIONS)
  occasion?: ReportOccasion;

  @ApiPropertyOptional({ example: '2026-03-15', description: "For a checkpoint: its date" })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

/** The language of a printable page, PDF or workbook; the request's Accept-Language when left out. */
export class DocumentLanguageQuery {
  @ApiPropertyOptional({ enum: ['zh', 'en'] })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}

export class OccasionDocumentQuery extends OccasionQuery {
  @ApiPropertyOptional({ enum: ['zh', 'en'] })
  @IsOptional()
  @IsIn(['zh', 'en'])
  lang?: 'zh' | 'en';
}
