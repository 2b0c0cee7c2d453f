import Fastify from 'fastify';

/**
 * The ceiling of the web-offer benchmark, run as its own process: a bare Fastify route
 * answering the body the parent gives it (an answer of the real endpoint, so the same
 * bytes) with the same headers, and nothing else (no Nest, no token, no cache, no
 * Redis). It tells its port to the parent over IPC.
 */
async function main(): Promise<void> {
  const body = process.env.CEILING_BODY ?? '{"offers":[]}';
  const app = Fastify();
  app.get('/api/web/offers', async (_request, reply) => reply.headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store' }).send(body));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
