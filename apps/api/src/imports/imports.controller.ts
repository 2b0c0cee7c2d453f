import { Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles } from '@lib/auth';
import { namedLanguageOf, Page, PageQuery, ValidationError } from '@lib/common';
import { CreateImportQuery, ImportRejectionView, ImportService, ImportView, ImportViewSchema } from '@lib/imports';
import { receiveFile, uploadError } from '../multipart-upload';

const FILE_FIELD = 'file';
/** An import's id is a UUID; anything else is a 400 naming `id`, in the reader's language. */
const IMPORT_ID = new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field: 'id', code: 'not_uuid' }]) });

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  /** Accepts a CSV file (multipart field `file`) and queues its import; the worker does the rest. */
  @Post()
  @HttpCode(202)
  @Roles(Role.Admin, Role.BranchExecutor, Role.SegmentManager)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: ImportViewSchema })
  async create(@CurrentUser() user: AuthUser, @Query() query: CreateImportQuery, @Req() req: FastifyRequest): Promise<ImportView> {
    const part = await receiveFile(req, FILE_FIELD);
    try {
      return await this.imports.create(user, { kind: query.kind, mode: query.mode, language: query.language, fileName: part.filename }, part.file);
    } catch (err) {
      throw uploadError(err, FILE_FIELD) ?? err;
    }
  }

  @Get()
  list(@CurrentUser() user: AuthUser, @Query() page: PageQuery, @Headers('accept-language') language?: string): Promise<Page<ImportView>> {
    return this.imports.list(user.scope, page, namedLanguageOf(language));
  }

  @Get(':id')
  @ApiOkResponse({ type: ImportViewSchema })
  get(@CurrentUser() user: AuthUser, @Param('id', IMPORT_ID) id: string, @Headers('accept-language') language?: string): Promise<ImportView> {
    return this.imports.get(id, user.scope, namedLanguageOf(language));
  }

  /** Runs a failed import again with the file it kept (its uploader or an admin); 409 for an import that did not fail. */
  @Post(':id/rerun')
  @HttpCode(202)
  @Roles(Role.Admin, Role.BranchExecutor, Role.SegmentManager)
  @ApiOkResponse({ type: ImportViewSchema })
  rerun(@CurrentUser() user: AuthUser, @Param('id', IMPORT_ID) id: string): Promise<ImportView> {
    return this.imports.rerun(user, id);
  }

  @Get(':id/rejections')
  rejections(
    @CurrentUser() user: AuthUser,
    @Param('id', IMPORT_ID) id: string,
    @Query() page: PageQuery,
  ): Promise<Page<ImportRejectionView>> {
    return this.imports.rejections(id, user.scope, page);
  }

  /** Every rejected row as a CSV download (line_no, reason, raw). */
  @Get(':id/rejections.csv')
  async rejectionsCsv(
    @CurrentUser() user: AuthUser,
    @Param('id', IMPORT_ID) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const csv = await this.imports.rejectionsCsv(id, user.scope);
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${id}-rejections.csv"`)
      .send(csv);
  }
}
