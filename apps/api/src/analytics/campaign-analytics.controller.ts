import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, ProvinceWide, Roles } from '@lib/auth';
import {
  CampaignAnalyticsService,
  CampaignRoi,
  CampaignRoiBreakdown,
  MARGIN_RATE_WRITERS,
  MarginRate,
  MarginRatesBody,
  MarginRatesService,
  Portfolio,
  PORTFOLIO_COLUMNS,
  PortfolioQueryDto,
  PortfolioService,
  RESULT_READERS,
  RoiBreakdownQuery,
} from '@lib/analytics';
import { csvLine, IdParam, languageOf, XLSX_CONTENT_TYPE, xlsxFile } from '@lib/common';

/** Campaign results from the rollups (docs/roi.md): a campaign's ROI and lift, the portfolio and its exports, margin rates. */
@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class CampaignAnalyticsController {
  constructor(
    private readonly analytics: CampaignAnalyticsService,
    private readonly portfolios: PortfolioService,
    private readonly marginRates: MarginRatesService,
  ) {}

  @Get('campaigns/:id')
  @Roles(...RESULT_READERS)
  @ApiOkResponse({ description: 'Budget, spend, contacts to premium, margin, ROI, treatment and control, lift, KPIs, funnels and the daily trend within your scope; with ?by= one breakdown' })
  campaign(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Query() { by }: RoiBreakdownQuery): Promise<CampaignRoi | CampaignRoiBreakdown> {
    return by ? this.analytics.breakdown(user.scope, id, by) : this.analytics.campaign(user.scope, id);
  }

  @Get('portfolio')
  @Roles(...RESULT_READERS)
  @ApiOkResponse({ description: 'Every campaign you see in the period and unit, with ROI, lift, spend against budget and KPI attainment' })
  portfolio(@CurrentUser() user: AuthUser, @Query() query: PortfolioQueryDto): Promise<Portfolio> {
    return this.portfolios.portfolio(user.scope, query);
  }

  @Get('portfolio.csv')
  @Roles(...RESULT_READERS)
  @ApiOkResponse({ description: 'The portfolio as CSV (UTF-8 with a byte order mark), column names in your language' })
  async portfolioCsv(
    @CurrentUser() user: AuthUser,
    @Query() query: PortfolioQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const language = languageOf(acceptLanguage);
    const portfolio = await this.portfolios.portfolio(user.scope, query);
    const lines = [PORTFOLIO_COLUMNS[language], ...this.portfolios.exportRows(portfolio, language)].map((row) => csvLine(row));
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="portfolio.csv"')
      .send(Buffer.from(`\uFEFF${lines.join('')}`, 'utf8'));
  }

  @Get('portfolio.xlsx')
  @Roles(...RESULT_READERS)
  @ApiOkResponse({ description: 'The portfolio as an XLSX workbook, column names in your language' })
  async portfolioXlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: PortfolioQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const language = languageOf(acceptLanguage);
    const portfolio = await this.portfolios.portfolio(user.scope, query);
    const file = await xlsxFile('portfolio', PORTFOLIO_COLUMNS[language], this.portfolios.exportRows(portfolio, language));
    await reply.header('content-type', XLSX_CONTENT_TYPE).header('content-disposition', 'attachment; filename="portfolio.xlsx"').send(file);
  }

  @Get('margin-rates')
  @Roles(...RESULT_READERS)
  @ApiOkResponse({ description: 'The margin rate of each product line' })
  rates(): Promise<MarginRate[]> {
    return this.marginRates.list();
  }

  @Put('margin-rates')
  @Roles(...MARGIN_RATE_WRITERS)
  @ProvinceWide()
  @ApiOkResponse({ description: 'Sets the rates given; every campaign is computed again at the next refresh of the rollups' })
  setRates(@CurrentUser() user: AuthUser, @Body() body: MarginRatesBody): Promise<MarginRate[]> {
    return this.marginRates.update(body, user.id);
  }
}
