import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, ProvinceWide, Roles } from '@lib/auth';
import { IdParam, languageOf } from '@lib/common';
import {
  CreateFormTemplateBody,
  EvaluationFormService,
  FORM_DESIGNERS,
  FormPreviewBody,
  FormPreviewView,
  FormPreviewViewSchema,
  FormTemplateList,
  FormTemplateListQuery,
  FormTemplateListSchema,
  FormTemplateView,
  FormTemplateViewSchema,
  FormVersionParams,
  FormVersionView,
  FormVersionViewSchema,
  SaveFormDraftBody,
} from '@lib/evaluation/forms';

/**
 * The standard evaluation forms: the province's campaign planners and admins design
 * them (a draft per template, published and frozen version by version); every user
 * reads the published versions of the forms of their unit and the units above it.
 */
@ApiTags('evaluation-forms')
@ApiBearerAuth()
@Controller('evaluation-forms')
export class EvaluationFormsController {
  constructor(private readonly forms: EvaluationFormService) {}

  @Get()
  @ApiOkResponse({ type: FormTemplateListSchema, description: 'Templates with a published version; designers also see those still in their first draft' })
  list(@CurrentUser() user: AuthUser, @Query() query: FormTemplateListQuery): Promise<FormTemplateList> {
    return this.forms.list(user, query);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ type: FormPreviewViewSchema, description: "The problems of an unsaved definition and of answers typed into it, in the request's language" })
  preview(@Body() body: FormPreviewBody, @Headers('accept-language') acceptLanguage?: string): FormPreviewView {
    return this.forms.preview(body, languageOf(acceptLanguage));
  }

  @Get(':id')
  @ApiOkResponse({ type: FormTemplateViewSchema })
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<FormTemplateView> {
    return this.forms.get(user, id);
  }

  @Get(':id/versions/:version')
  @ApiOkResponse({ type: FormVersionViewSchema, description: 'A published version; a draft for its designers only' })
  version(@CurrentUser() user: AuthUser, @Param() { id, version }: FormVersionParams, @Headers('accept-language') acceptLanguage?: string): Promise<FormVersionView> {
    return this.forms.version(user, id, version, languageOf(acceptLanguage));
  }

  @Post()
  @Roles(...FORM_DESIGNERS)
  @ProvinceWide()
  @ApiCreatedResponse({ type: FormVersionViewSchema, description: 'The new template’s first draft (version 1)' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateFormTemplateBody, @Headers('accept-language') acceptLanguage?: string): Promise<FormVersionView> {
    return this.forms.create(user, body, languageOf(acceptLanguage));
  }

  @Put(':id/draft')
  @Roles(...FORM_DESIGNERS)
  @ProvinceWide()
  @ApiOkResponse({ type: FormVersionViewSchema, description: 'The saved draft with what keeps it from publishing' })
  saveDraft(
    @CurrentUser() user: AuthUser,
    @Param() { id }: IdParam,
    @Body() body: SaveFormDraftBody,
    @Headers('accept-language') acceptLanguage?: string,
  ): Promise<FormVersionView> {
    return this.forms.saveDraft(user, id, body, languageOf(acceptLanguage));
  }

  @Post(':id/draft')
  @Roles(...FORM_DESIGNERS)
  @ProvinceWide()
  @ApiCreatedResponse({ type: FormVersionViewSchema, description: 'A new draft, a copy of the last version; 409 when a draft exists' })
  startDraft(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Headers('accept-language') acceptLanguage?: string): Promise<FormVersionView> {
    return this.forms.startDraft(user, id, languageOf(acceptLanguage));
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles(...FORM_DESIGNERS)
  @ProvinceWide()
  @ApiOkResponse({ type: FormVersionViewSchema, description: 'The published version, frozen from now on; 400 naming each problem of the draft' })
  publish(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Headers('accept-language') acceptLanguage?: string): Promise<FormVersionView> {
    return this.forms.publish(user, id, languageOf(acceptLanguage));
  }

  @Put(':id/default')
  @Roles(...FORM_DESIGNERS)
  @ProvinceWide()
  @ApiOkResponse({ type: FormTemplateViewSchema, description: 'The template, now the default form that plans naming none are pinned to; 409 without a published version' })
  makeDefault(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<FormTemplateView> {
    return this.forms.makeDefault(user, id);
  }

  @Delete(':id/default')
  @Roles(...FORM_DESIGNERS)
  @ProvinceWide()
  @ApiOkResponse({ type: FormTemplateViewSchema, description: 'The template, no longer the default form' })
  clearDefault(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<FormTemplateView> {
    return this.forms.clearDefault(user, id);
  }
}
