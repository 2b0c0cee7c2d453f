import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NameField, OptionalValue, problemCode } from '@lib/common';
import type { ErrorCode, ErrorParams } from '@lib/common';
import { TEMPLATE_CHANNELS, TemplateChannel } from './template-channel';
import type {
  FileTemplateView,
  MessageTemplateChanges,
  MessageTemplateInput,
  MessageTemplateList,
  MessageTemplateListItem,
  MessageTemplateView,
  TemplateObjective,
  TemplatePreviewInput,
  TemplatePreviewView,
  TemplateProblemView,
  TestSendView,
} from './message-template.view';

export const TEMPLATE_OBJECTIVES: readonly TemplateObjective[] = ['cross_sell', 'retention', 'win_back', 'referral'];
/** A key as campaign steps write it: lower-case letters, digits, - and _. */
export const TEMPLATE_KEY = /^[a-z0-9][a-z0-9_-]{1,63}$/;
const MAX_INT = 2147483647;
/** Longest part a template may hold: a long HTML mail is some tens of kilobytes. */
export const MAX_TEMPLATE_PART = 100_000;
export const MAX_SUBJECT = 300;

class TemplateParts {
  @ApiPropertyOptional({ maxLength: MAX_SUBJECT, description: 'Email only: the subject line (Handlebars)', example: '{{customer.name}}{{customer.title}}，为您推荐：{{bundle.name}}' })
  @OptionalValue()
  @IsString()
  @MaxLength(MAX_SUBJECT)
  subject?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_PART, description: 'Email only: the HTML part inside the shared layout (Handlebars, escaped)' })
  @OptionalValue()
  @IsString()
  @MaxLength(MAX_TEMPLATE_PART)
  html?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_PART, description: 'Email only: the text part' })
  @OptionalValue()
  @IsString()
  @MaxLength(MAX_TEMPLATE_PART)
  text?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_PART, description: 'Phone, web and agent visit: the call script, web snippet or visit script' })
  @OptionalValue()
  @IsString()
  @MaxLength(MAX_TEMPLATE_PART)
  body?: string;
}

export class CreateMessageTemplateBody extends TemplateParts implements MessageTemplateInput {
  @ApiProperty({ example: 'email-motor-home', description: 'What campaign steps name: lower-case letters, digits, - and _, 2–64 characters' })
  @IsString()
  @Matches(TEMPLATE_KEY, problemCode('template_key_format'))
  key: string;

  @ApiProperty({ enum: TEMPLATE_CHANNELS })
  @IsIn(TEMPLATE_CHANNELS)
  channel: TemplateChannel;

  @NameField('车险客户家财险推荐邮件')
  name: string;

  @ApiPropertyOptional({ enum: TEMPLATE_OBJECTIVES, nullable: true })
  @IsOptional()
  @IsIn(TEMPLATE_OBJECTIVES)
  objective?: TemplateObjective | null;
}

export class UpdateMessageTemplateBody extends TemplateParts implements MessageTemplateChanges {
  @ApiProperty({ minimum: 1, description: 'The version you edited; 409 when someone saved since' })
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  version: number;

  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalValue()
  @IsString()
  @Matches(/\S/, problemCode('blank'))
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: TEMPLATE_OBJECTIVES, nullable: true })
  @IsOptional()
  @IsIn(TEMPLATE_OBJECTIVES)
  objective?: TemplateObjective | null;
}

export class TemplatePreviewBody extends TemplateParts implements TemplatePreviewInput {
  @ApiProperty({ enum: TEMPLATE_CHANNELS })
  @IsIn(TEMPLATE_CHANNELS)
  channel: TemplateChannel;

  @ApiPropertyOptional({ minimum: 1, description: 'A customer of your scope; a sample customer of it when left out' })
  @OptionalValue()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  customerId?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'The bundle whose texts fill bundle.*; the first one on sale in your scope when left out' })
  @OptionalValue()
  @IsInt()
  @Min(1)
  @Max(MAX_INT)
  bundleId?: number;
}

export class MessageTemplateListQuery {
  @ApiPropertyOptional({ enum: TEMPLATE_CHANNELS })
  @IsOptional()
  @IsIn(TEMPLATE_CHANNELS)
  channel?: TemplateChannel;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the key or the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class TemplateVariablesQuery {
  @ApiProperty({ enum: TEMPLATE_CHANNELS })
  @IsIn(TEMPLATE_CHANNELS)
  channel: TemplateChannel;
}

/** The OpenAPI schema of MessageTemplateListItem. */
export class MessageTemplateListItemSchema implements MessageTemplateListItem {
  @ApiProperty() id: number;
  @ApiProperty() key: string;
  @ApiProperty({ enum: TEMPLATE_CHANNELS }) channel: TemplateChannel;
  @ApiProperty() name: string;
  @ApiProperty({ enum: TEMPLATE_OBJECTIVES, nullable: true }) objective: TemplateObjective | null;
  @ApiProperty() ownerOrgUnitId: number;
  @ApiProperty() ownerOrgUnitName: string;
  @ApiProperty({ nullable: true, type: String }) ownerOrgUnitNameEn: string | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: Date;
  @ApiProperty() updatedByName: string;
  @ApiProperty() editable: boolean;
}

/** The OpenAPI schema of MessageTemplateView. */
export class MessageTemplateViewSchema extends MessageTemplateListItemSchema implements MessageTemplateView {
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ nullable: true, type: String }) html: string | null;
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ nullable: true, type: String }) body: string | null;
}

export class FileTemplateViewSchema implements FileTemplateView {
  @ApiProperty() ref: string;
  @ApiProperty({ enum: TEMPLATE_CHANNELS }) channel: TemplateChannel;
}

export class MessageTemplateListSchema implements MessageTemplateList {
  @ApiProperty({ type: [MessageTemplateListItemSchema] }) items: MessageTemplateListItem[];
  @ApiProperty({ type: [FileTemplateViewSchema] }) files: FileTemplateView[];
}

export class TemplateProblemViewSchema implements TemplateProblemView {
  @ApiProperty({ example: 'html' }) field: string;
  @ApiProperty({ example: 'template_unknown_variable' }) code: ErrorCode;
  @ApiProperty({ type: 'object', additionalProperties: true }) params: ErrorParams;
  @ApiProperty() problem: string;
}

class PreviewCustomerSchema {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
}

export class TemplatePreviewViewSchema implements TemplatePreviewView {
  @ApiProperty() subject: string;
  @ApiProperty() html: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: [TemplateProblemViewSchema] }) problems: TemplateProblemView[];
  @ApiProperty({ type: PreviewCustomerSchema, nullable: true }) customer: { id: number; name: string } | null;
}

export class TestSendViewSchema implements TestSendView {
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
}
