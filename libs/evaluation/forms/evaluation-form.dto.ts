import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IdParam, NotBlank, OptionalValue, problemCode } from '@lib/common';
import type { ErrorCode, ErrorParams, LocalText } from '@lib/common';
import type { FormAnswers, FormDefinition } from '../form-schema';
import type { AnswerStage } from '../form-validation';
import type {
  FormDraftInput,
  FormPreviewInput,
  FormPreviewView,
  FormProblemView,
  FormTemplateInput,
  FormTemplateList,
  FormTemplateListItem,
  FormTemplateView,
  FormVersionStatus,
  FormVersionSummary,
  FormVersionView,
} from './evaluation-form.view';

/** A code as campaign plans write it: lower-case letters, digits, - and _. */
export const FORM_CODE = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const STAGES: readonly AnswerStage[] = ['draft', 'submit'];

export class LocalNameBody implements LocalText {
  @ApiProperty({ maxLength: 100, example: '营销活动执行评估表' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotBlank()
  zh: string;

  @ApiProperty({ maxLength: 100, example: 'Campaign execution evaluation' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotBlank()
  en: string;
}

const DEFINITION_DOC = { type: Object, description: 'A FormDefinition: sections of fields, and rules (docs/evaluation-forms.md)' };

export class CreateFormTemplateBody implements FormTemplateInput {
  @ApiProperty({ example: 'standard_evaluation', description: 'What campaign plans name: lower-case letters, digits, - and _, 2–64 characters' })
  @IsString()
  @Matches(FORM_CODE, problemCode('template_key_format'))
  code: string;

  @ApiProperty({ type: LocalNameBody })
  @ValidateNested()
  @Type(() => LocalNameBody)
  name: LocalNameBody;

  @ApiPropertyOptional({ ...DEFINITION_DOC, description: 'The first draft; an empty form when left out' })
  @OptionalValue()
  @IsObject()
  definition?: FormDefinition;
}

export class SaveFormDraftBody implements FormDraftInput {
  @ApiProperty(DEFINITION_DOC)
  @IsObject()
  definition: FormDefinition;

  @ApiProperty({ minimum: 1, example: 3, description: 'The revision of the draft as read; 409 at `revision` when another designer saved it since' })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  revision: number;

  @ApiPropertyOptional({ type: LocalNameBody })
  @OptionalValue()
  @ValidateNested()
  @Type(() => LocalNameBody)
  name?: LocalNameBody;
}

export class FormPreviewBody implements FormPreviewInput {
  @ApiProperty(DEFINITION_DOC)
  @IsObject()
  definition: FormDefinition;

  @ApiPropertyOptional({ type: Object, description: 'Answers typed into the form: field key to value (decimal strings for figures)' })
  @OptionalValue()
  @IsObject()
  answers?: FormAnswers;

  @ApiPropertyOptional({ enum: STAGES, description: "'draft' (the default) names what keeps a draft from being saved; 'submit' every problem, the required fields left empty too" })
  @OptionalValue()
  @IsIn(STAGES)
  stage?: AnswerStage;
}

export class FormVersionParams extends IdParam {
  @ApiProperty({ minimum: 1, example: 2 })
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version: number;
}

export class FormTemplateListQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only templates with a published version (to choose one for a plan)' })
  @OptionalValue()
  @IsIn(['true', 'false'])
  published?: 'true' | 'false';
}

class LocalTextSchema implements LocalText {
  @ApiProperty() zh: string;
  @ApiProperty() en: string;
}

export class FormProblemViewSchema implements FormProblemView {
  @ApiProperty({ example: 'definition.sections[0].fields[1].options' }) field: string;
  @ApiProperty({ example: 'required' }) code: ErrorCode;
  @ApiProperty({ type: 'object', additionalProperties: true }) params: ErrorParams;
  @ApiProperty() problem: string;
}

export class FormVersionSummarySchema implements FormVersionSummary {
  @ApiProperty() id: number;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['draft', 'published'] }) status: FormVersionStatus;
  @ApiProperty() revision: number;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) publishedByName: string | null;
  @ApiProperty() campaigns: number;
}

export class FormTemplateListItemSchema implements FormTemplateListItem {
  @ApiProperty() id: number;
  @ApiProperty() code: string;
  @ApiProperty({ type: LocalTextSchema }) name: LocalText;
  @ApiProperty() ownerOrgUnitId: number;
  @ApiProperty() ownerOrgUnitName: string;
  @ApiProperty({ nullable: true, type: String }) ownerOrgUnitNameEn: string | null;
  @ApiProperty() isDefault: boolean;
  @ApiProperty({ nullable: true, type: Number }) publishedVersion: number | null;
  @ApiProperty({ nullable: true, type: Number }) draftVersion: number | null;
  @ApiProperty() updatedAt: Date;
  @ApiProperty() editable: boolean;
}

export class FormTemplateListSchema implements FormTemplateList {
  @ApiProperty({ type: [FormTemplateListItemSchema] }) items: FormTemplateListItem[];
}

export class FormTemplateViewSchema extends FormTemplateListItemSchema implements FormTemplateView {
  @ApiProperty({ type: [FormVersionSummarySchema] }) versions: FormVersionSummary[];
}

export class FormVersionViewSchema extends FormVersionSummarySchema implements FormVersionView {
  @ApiProperty() templateId: number;
  @ApiProperty() code: string;
  @ApiProperty({ type: LocalTextSchema }) name: LocalText;
  @ApiProperty(DEFINITION_DOC) definition: FormDefinition;
  @ApiProperty({ type: [FormProblemViewSchema], description: "What keeps a draft from publishing; empty for a published version" }) problems: FormProblemView[];
}

export class FormPreviewViewSchema implements FormPreviewView {
  @ApiProperty({ type: [FormProblemViewSchema] }) definitionProblems: FormProblemView[];
  @ApiProperty({ type: [FormProblemViewSchema] }) answerProblems: FormProblemView[];
}
