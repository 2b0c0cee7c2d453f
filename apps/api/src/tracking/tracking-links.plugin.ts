import { Logger } from '@nestjs/common';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { errorAnswer } from '@lib/common';
import { LinkTracking, TRACKING_PATH } from '@lib/tracking';

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Every open must reach us: no browser, proxy or mail client may answer the pixel from a cache. */
const NO_CACHE = { 'cache-control': 'no-store, no-cache, must-revalidate, max-age=0', pragma: 'no-cache', expires: '0' };

/** The pixel's answer, built once. */
const PIXEL_HEADERS = { ...NO_CACHE, 'content-type': 'image/gif' };

/** Far more than any unsubscribe form; the body is not read. */
const MAX_BODY_BYTES = 64 * 1024;

const PAGE_STYLE = 'font-family:sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.6';

function page(body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>退订 / Unsubscribe</title></head><body style="${PAGE_STYLE}">${body}</body></html>`;
}

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;
type LinkHandler = (request: TokenRequest, reply: FastifyReply) => void;

/** Hands the links the service that records their events, once the application exists. */
export type ServeTrackingLinks = (tracking: LinkTracking) => void;

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
 *
 * The links read without a body are answered from an onRequest hook that comes before
 * the hooks Nest's middleware engine, cookies and uploads put on every route, so Fastify
 * runs none of those for them (the middleware engine alone cost a tenth of the pixel's
 * CPU; the request log leaves these links out, and they take no cookie or upload). So
 * this runs on the Fastify instance before Nest does (createApiApp); the service exists
 * only afterwards, and `serve` hands it over before the server listens.
 */
export async function registerTrackingLinks(fastify: FastifyInstance): Promise<ServeTrackingLinks> {
  let tracking: LinkTracking;
  const logger = new Logger('TrackingLinks');
  // Hooks are bound to the scope of their route: the scope says which link it answers.
  const answeredFirst = new Map<FastifyInstance, LinkHandler>();

  fastify.addHook('onRequest', function answerLinkFirst(this: FastifyInstance, request, reply, done) {
    const answer = answeredFirst.get(this);
    // Not calling `done`: the later hooks, body parsing and the route's own call are skipped.
    if (answer) answer(request as TokenRequest, reply);
    else done();
  });

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

    const answerFirst = (path: string, handler: LinkHandler) =>
      scope.register(async (route) => {
        answeredFirst.set(route, handler);
        route.get(path, handler);
      });

    // Callbacks, not promises, on the way of every open and click: each promise costs the async hooks the request log turns on for the whole process.
    answerFirst(`${TRACKING_PATH}/o/:token`, (request, reply) => {
      const recorded = tracking.opened(request.params.token, request.headers['user-agent'], (error) => {
        if (error) reply.send(error);
        else reply.headers(PIXEL_HEADERS).send(PIXEL);
      });
      if (!recorded) notFound(request, reply);
    });

    answerFirst(`${TRACKING_PATH}/c/:token`, (request, reply) => {
      tracking.clicked(request.params.token, (error, url) => {
        if (error) reply.send(error);
        else if (!url) notFound(request, reply);
        else reply.code(302).headers(NO_CACHE).header('location', url).send();
      });
    });

    // Asks first: link checkers of mail servers follow GET links, and must not unsubscribe anyone.
    answerFirst(`${TRACKING_PATH}/u/:token`, (request, reply) => {
      if (!tracking.isUnsubscribeToken(request.params.token)) {
        notFound(request, reply);
        return;
      }
      const form =
        `<h1>退订营销邮件</h1><p>确认后，我们将不再向您发送营销邮件。</p>` +
        `<p lang="en">Confirm, and we will send you no more marketing email.</p>` +
        `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
        `<button type="submit">确认退订 / Unsubscribe</button></form>`;
      reply.headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' }).send(page(form));
    });

    // One-click unsubscribe (RFC 8058): the mail client posts List-Unsubscribe=One-Click, the
    // confirmation page the same. The POST to a signed address is the customer's request whatever its body.
    scope.post(`${TRACKING_PATH}/u/:token`, async (request: TokenRequest, reply) => {
      if (!(await tracking.unsubscribed(request.params.token))) return notFound(request, reply);
      const done = `<h1>已退订</h1><p>我们将不再向您发送营销邮件。</p><p lang="en">You are unsubscribed: we will send you no more marketing email.</p>`;
      return reply.status(200).headers({ ...NO_CACHE, 'content-type': 'text/html; charset=utf-8' }).send(page(done));
    });
  });
  return (service) => {
    tracking = service;
  };
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.status(404).headers(NO_CACHE).send(errorAnswer(404, 'record_not_found', request.headers['accept-language']));
}
