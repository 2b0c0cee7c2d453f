import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@lib/auth';
import { IdParam } from '@lib/common';
import { NextBestOfferService, NextBestOfferView, NextBestOfferViewSchema } from '@lib/offers';

/** The next best offers of one customer of the caller's scope, for the single-customer view. */
@ApiTags('offers')
@ApiBearerAuth()
@Controller('customers')
export class NextBestOffersController {
  constructor(private readonly offers: NextBestOfferService) {}

  @Get(':id/next-best-offers')
  @ApiOkResponse({ type: NextBestOfferViewSchema, isArray: true, description: 'Eligible bundles, best expected value first, each with the reason' })
  list(@CurrentUser() user: AuthUser, @Param() { id }: IdParam): Promise<NextBestOfferView[]> {
    return this.offers.forCustomer(user.scope, id);
  }
}
