import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { RESULT_READERS } from '@lib/analytics/analytics-roles';
import { IdParam, languageOf, Page, XLSX_CONTENT_TYPE } from '@lib/common';
import { DrillDownExportQuery, DrillDownListQuery } from '@lib/analytics/customer-drill-down.dto';
import { CustomerDrillDown } from '@lib/analytics/customer-drill-down.service';
import type { DrillDownCustomer } from '@lib/analytics/customer-drill-down.view';

/** The customers behind a campaign's figures (G12), within the reader's scope. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics/campaigns')
export class CustomerDrillDownController {
  constructor(private readonly drillDown: CustomerDrillDown) {}

  @Get(':id/customers')
  @Roles(...RESULT_READERS)
  @ApiOkResponse({ description: 'Members, contacts, responders or converters of the campaign, a page at a time; mobiles masked' })
  list(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() query: DrillDownListQuery): Promise<Page<DrillDownCustomer>> {
    const { page, pageSize, ...filter } = query;
    return this.drillDown.list(user.scope, id, filter, page, pageSize);
  }

  @Get(':id/customers/export')
  @Roles(...RESULT_READERS)
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The same list, whole, as CSV (default) or XLSX; cells that a spreadsheet would read as a formula are written as text' })
  async export(
    @CurrentUser() user: AuthUser,
    @Param() { id }: IdParam,
    @Query() { format = 'csv', lang, ...filter }: DrillDownExportQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.drillDown.export(user.scope, id, filter, format, lang ?? languageOf(acceptLanguage));
    await reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="campaign-${id}-${filter.kind}.${format}"`)
      .send(file);
  }
}
