import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FastifyReply } from 'fastify';
import { Public } from '@lib/auth';
import { WebOfferService } from '@lib/channels';
import { errorAnswer } from '@lib/common';

/** The most offers one answer gives: a site shows a few at a time. */
const MAX_OFFERS = 5;

class OffersQuery {
  @ApiProperty({ description: 'The customer token the site made for its signed-in customer (docs/web-offers.md)' })
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_OFFERS, default: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_OFFERS)
  limit = 3;
}

/** An answer about one customer: no shared cache may keep it. */
const PRIVATE = { 'cache-control': 'private, no-store' };

const PAGE_STYLE = 'font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.6';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${title}</title></head><body style="${PAGE_STYLE}"><main>${body}</main></body></html>`;
}

/**
 * The web channel's public endpoints, which the insurer's site and its customers'
 * browsers call: no login (a signed token is the authority), answered from memory.
 */
@ApiTags('web-offers')
@Public()
@Controller('web')
export class WebOffersController {
  constructor(private readonly offers: WebOfferService) {}

  /** The signed-in customer's current offers (`WebOffers`), highest priority first; each one answered records an impression. */
  @Get('offers')
  @ApiOkResponse({ description: 'The offers, highest priority first (libs/channels/web/web-offer.view.ts, WebOffers)' })
  async list(@Query() query: OffersQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    // Serialised once per customer and limit (WebOfferService), so sent as it is.
    void reply.headers({ ...PRIVATE, 'content-type': 'application/json; charset=utf-8' });
    return this.offers.offersFor(query.token, query.limit);
  }

  /** Asks first: link checkers and previews follow GET links, and must not accept for the customer. */
  @Get('accept/:token')
  async confirmAccept(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    if (!this.offers.isAcceptToken(token)) return this.notFound(reply);
    const form = `<h1>确认办理</h1><p>确认后，您所在地的分支机构将尽快与您联系。</p><p lang="en">Confirm, and your local branch will contact you shortly.</p>` +
      `<form method="post"><button type="submit">确认 / Confirm</button></form>`;
    await reply.status(200).headers({ ...PRIVATE, 'content-type': 'text/html; charset=utf-8' }).send(page('确认办理 / Accept', form));
  }

  /** The customer takes the offer: a response of the campaign and a lead for the customer's branch. A form's post gets a page, a script's JSON. */
  @Post('accept/:token')
  @HttpCode(200)
  async accept(@Param('token') token: string, @Headers('content-type') contentType: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.offers.accepted(token))) return this.notFound(reply);
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      const done = `<h1>已收到</h1><p>感谢您的关注，分支机构将尽快与您联系。</p><p lang="en">Thank you: your local branch will contact you shortly.</p>`;
      await reply.status(200).headers({ ...PRIVATE, 'content-type': 'text/html; charset=utf-8' }).send(page('已收到 / Accepted', done));
      return;
    }
    await reply.status(200).headers(PRIVATE).send({ accepted: true });
  }

  private async notFound(reply: FastifyReply): Promise<void> {
    await reply.status(404).headers(PRIVATE).send(errorAnswer(404, 'web_offer_link_invalid', reply.request.headers['accept-language']));
  }
}
