import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@lib/auth';
import { IdParam } from '@lib/common';
import { BUNDLE_WRITERS, BundleListQuery, BundleService, BundleView, BundleViewSchema, CreateBundleBody, UpdateBundleBody } from '@lib/offers';
import { AudiencePreview } from '@lib/segments';

/**
 * Cross-sell bundles: every role reads the bundles of its subtree and of the units
 * above it; segment managers (and admins) create and change them.
 */
@ApiTags('offers')
@ApiBearerAuth()
@Controller('bundles')
export class BundlesController {
  constructor(private readonly bundles: BundleService) {}

  @Get()
  @ApiOkResponse({ type: BundleViewSchema, isArray: true })
  list(@CurrentUser() user: AuthUser, @Query() query: BundleListQuery): Promise<BundleView[]> {
    return this.bundles.list(user.scope, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: BundleViewSchema })
  get(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<BundleView> {
    return this.bundles.get(user.scope, id);
  }

  @Get(':id/eligible')
  @ApiOkResponse({ description: 'The eligible customers in your scope, as a segment preview: count, sample, breakdowns' })
  eligible(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<AudiencePreview> {
    return this.bundles.eligible(user.scope, id);
  }

  @Post()
  @Roles(...BUNDLE_WRITERS)
  @ApiCreatedResponse({ type: BundleViewSchema })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateBundleBody): Promise<BundleView> {
    return this.bundles.create(user.scope, user.id, body);
  }

  @Patch(':id')
  @Roles(...BUNDLE_WRITERS)
  @ApiOkResponse({ type: BundleViewSchema })
  update(@CurrentUser() user: AuthUser, @Param() { id }: IdParam, @Body() body: UpdateBundleBody): Promise<BundleView> {
    return this.bundles.update(user.scope, id, body);
  }
}
