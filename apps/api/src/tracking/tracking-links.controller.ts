import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Public } from '@lib/auth';
import { errorAnswer } from '@lib/common';
import { LinkTracking } from '@lib/tracking';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Every open must reach us: no browser, proxy or mail client may answer the pixel from a cache. */
const NO_CACHE = { 'cache-control': 'no-store, no-cache, must-revalidate, max-age=0', pragma: 'no-cache', expires: '0' };

const PAGE_STYLE = 'font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.6';

function page(body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>退订 / Unsubscribe</title></head><body style="${PAGE_STYLE}">${body}</body></html>`;
}

/**
 * The links in customers' messages: the open pixel, click redirects and one-click
 * unsubscribe. No login (a signed token names the contact), and left out of the API
 * document, since mail clients and not API clients call them. A token that is not
 * ours answers 404 and records nothing.
 */
@ApiExcludeController()
@Public()
@Controller('t')
export class TrackingLinksController {
  constructor(private readonly tracking: LinkTracking) {}

  @Get('o/:token')
  async pixel(@Param('token') token: string, @Headers('user-agent') userAgent: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.tracking.opened(token, userAgent))) return this.notFound(reply);
    await reply.status(200).headers({ ...NO_CACHE, 'content-type': 'image/gif' }).send(PIXEL);
  }

  @Get('c/:token')
  async click(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const url = await this.tracking.clicked(token);
    if (!url) return this.notFound(reply);
    await reply.status(302).headers({ ...NO_CACHE, location: url }).send();
  }

  /** Asks first: link checkers of mail servers follow GET links, and must not unsubscribe anyone. */
  @Get('u/:token')
  async confirmUnsubscribe(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    if (!this.tracking.isUnsubscribeToken(token)) return this.notFound(reply);
    const form =
      `<h1>退订营销邮件</h1><p>确认后，我们将不再向您发送营销邮件。</p>` +
      `<p lang="en">Confirm, and we will send you no more marketing email.</p>` +
      `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
      `<button type="submit">确认退订 / Unsubscribe</button></form>`;
    await reply.status(200).headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' }).send(page(form));
  }

  /**
   * One-click unsubscribe (RFC 8058): the mail client posts List-Unsubscribe=One-Click,
   * the confirmation page the same. The POST to a signed address is the customer's
   * request whatever its body, so any body is accepted.
   */
  @Post('u/:token')
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.tracking.unsubscribed(token))) return this.notFound(reply);
    const done = `<h1>已退订</h1><p>我们将不再向您发送营销邮件。</p><p lang="en">You are unsubscribed: we will send you no more marketing email.</p>`;
    await reply.status(200).headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' }).send(page(done));
  }

  private async notFound(reply: FastifyReply): Promise<void> {
    await reply.status(404).headers(NO_CACHE).send(errorAnswer(404, 'record_not_found', reply.request.headers['accept-language']));
  }
}
