import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { IdParam, languageOf } from '@lib/common';
import {
  CreateMessageTemplateBody,
  MessageTemplateList,
  MessageTemplateListQuery,
  MessageTemplateListSchema,
  MessageTemplateService,
  MessageTemplateView,
  MessageTemplateViewSchema,
  TEMPLATE_READERS,
  TEMPLATE_WRITERS,
  TemplatePreviewBody,
  TemplatePreviewView,
  TemplatePreviewViewSchema,
  TemplateVariablesQuery,
  TestSendView,
  TestSendViewSchema,
  UpdateMessageTemplateBody,
} from '@lib/message-templates';

/**
 * Message templates: channel managers (and admins) write them; campaign managers and
 * the other campaign roles read them, to choose one for a step. Each sees the
 * templates of their subtree and of the units above it.
 */
@ApiTags('message-templates')
@ApiBearerAuth()
@Controller('message-templates')
export class MessageTemplatesController {
  constructor(private readonly templates: MessageTemplateService) {}

  @Get()
  @Roles(...TEMPLATE_READERS)
  @ApiOkResponse({ type: MessageTemplateListSchema })
  list(@CurrentUser() user: AuthUser, @Query() query: MessageTemplateListQuery): Promise<MessageTemplateList> {
    return this.templates.list(user, query);
  }

  @Get('variables')
  @Roles(...TEMPLATE_READERS)
  @ApiOkResponse({ type: String, isArray: true, description: 'The variables a template of the channel may name' })
  variables(@Query() { channel }: TemplateVariablesQuery): string[] {
    return this.templates.variables(channel);
  }

  @Get(':id')
  @Roles(...TEMPLATE_READERS)
  @ApiOkResponse({ type: MessageTemplateViewSchema })
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<MessageTemplateView> {
    return this.templates.get(user, id);
  }

  @Post()
  @Roles(...TEMPLATE_WRITERS)
  @ApiCreatedResponse({ type: MessageTemplateViewSchema })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateMessageTemplateBody): Promise<MessageTemplateView> {
    return this.templates.create(user, body);
  }

  @Patch(':id')
  @Roles(...TEMPLATE_WRITERS)
  @ApiOkResponse({ type: MessageTemplateViewSchema })
  update(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateMessageTemplateBody): Promise<MessageTemplateView> {
    return this.templates.update(user, id, body);
  }

  @Post('preview')
  @HttpCode(200)
  @Roles(...TEMPLATE_READERS)
  @ApiOkResponse({ type: TemplatePreviewViewSchema, description: 'The parts rendered on a customer of your scope, or the problems that keep them from rendering' })
  preview(@CurrentUser() user: AuthUser, @Body() body: TemplatePreviewBody, @Headers('accept-language') acceptLanguage?: string): Promise<TemplatePreviewView> {
    return this.templates.preview(user, body, languageOf(acceptLanguage));
  }

  @Post('test-send')
  @HttpCode(200)
  @Roles(...TEMPLATE_WRITERS)
  @ApiOkResponse({ type: TestSendViewSchema, description: 'Mailed to your own address, the subject marked [测试]' })
  testSend(@CurrentUser() user: AuthUser, @Body() body: TemplatePreviewBody): Promise<TestSendView> {
    return this.templates.testSend(user, body);
  }
}
