import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { errorAnswer } from '@lib/common';
import { LinkTracking, TRACKING_PATH } from '@lib/tracking';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Every open must reach us: no browser, proxy or mail client may answer the pixel from a cache. */
const NO_CACHE = { 'cache-control': 'no-store, no-cache, must-revalidate, max-age=0', pragma: 'no-cache', expires: '0' };

/** Far more than any unsubscribe form; the body is not read. */
const MAX_BODY_BYTES = 64 * 1024;

const PAGE_STYLE = 'font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.6';

function page(body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>退订 / Unsubscribe</title></head><body style="${PAGE_STYLE}">${body}</body></html>`;
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

/**
 * The links in customers' messages: the open pixel, click redirects and one-click
 * unsubscribe. No login (a signed token names the contact), and not in the API
 * document, since mail clients and not API clients call them. A token that is not
 * ours answers 404 and records nothing.
 *
 * Plain Fastify routes rather than a Nest controller: they take every open of every
 * message, and Nest's guard, pipes and chain of awaits cost more than the rest of the
 * request (the same handler as a Fastify route answered up to 2.4 times the
 * controller's rate: bench/README.md). A token needs no guard or pipe: its signature
 * is the check.
 */
export async function registerTrackingLinks(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const tracking = app.get(LinkTracking);
  const logger = new Logger('TrackingLinks');

  await fastify.register(async (scope) => {
    // The one-click POST counts whatever its body (RFC 8058 asks for a form, clients vary), so any body up to a size is read and ignored.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_request, _body, done) => done(null));

    // What AllExceptionsFilter does for Nest's routes: a refusal keeps its status, anything else is a 500 with an error id, also in the log.
    scope.setErrorHandler(async (error: { statusCode?: number }, request, reply) => {
      const language = request.headers['accept-language'];
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        const code = error.statusCode === 413 ? 'payload_too_large' : 'bad_request';
        return reply.status(error.statusCode).headers(NO_CACHE).send(errorAnswer(error.statusCode, code, language));
      }
      const errorId = randomUUID();
      logger.error({ errorId, err: error }, `Unexpected error ${errorId}`);
      return reply
        .status(500)
        .headers(NO_CACHE)
        .send({ ...errorAnswer(500, 'internal_error', language, { errorId }), errorId });
    });

    scope.get(`${TRACKING_PATH}/o/:token`, async (request: TokenRequest, reply) => {
      if (!(await tracking.opened(request.params.token, request.headers['user-agent']))) return notFound(request, reply);
      return reply.status(200).headers({ ...NO_CACHE, 'content-type': 'image/gif' }).send(PIXEL);
    });

    scope.get(`${TRACKING_PATH}/c/:token`, async (request: TokenRequest, reply) => {
      const url = await tracking.clicked(request.params.token);
      if (!url) return notFound(request, reply);
      return reply.status(302).headers({ ...NO_CACHE, location: url }).send();
    });

    // Asks first: link checkers of mail servers follow GET links, and must not unsubscribe anyone.
    scope.get(`${TRACKING_PATH}/u/:token`, async (request: TokenRequest, reply) => {
      if (!tracking.isUnsubscribeToken(request.params.token)) return notFound(request, reply);
      const form =
        `<h1>退订营销邮件</h1><p>确认后，我们将不再向您发送营销邮件。</p>` +
        `<p lang="en">Confirm, and we will send you no more marketing email.</p>` +
        `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
        `<button type="submit">确认退订 / Unsubscribe</button></form>`;
      return reply.status(200).headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' }).send(page(form));
    });

    // One-click unsubscribe (RFC 8058): the mail client posts List-Unsubscribe=One-Click, the
    // confirmation page the same. The POST to a signed address is the customer's request whatever its body.
    scope.post(`${TRACKING_PATH}/u/:token`, async (request: TokenRequest, reply) => {
      if (!(await tracking.unsubscribed(request.params.token))) return notFound(request, reply);
      const done = `<h1>已退订</h1><p>我们将不再向您发送营销邮件。</p><p lang="en">You are unsubscribed: we will send you no more marketing email.</p>`;
      return reply.status(200).headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' }).send(page(done));
    });
  });
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).headers(NO_CACHE).send(errorAnswer(404, 'record_not_found', request.headers['accept-language']));
}
