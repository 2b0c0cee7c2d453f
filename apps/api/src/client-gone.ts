import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyReply } from 'fastify';

/**
 * An AbortSignal that aborts when the client closes the connection before the answer
 * is sent, for handlers whose statements are worth cancelling then (CancellableQueries).
 */
export const ClientGone = createParamDecorator((_: unknown, ctx: ExecutionContext): AbortSignal => {
  const reply = ctx.switchToHttp().getResponse<FastifyReply>();
  const asker = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) asker.abort();
  });
  return asker.signal;
});
