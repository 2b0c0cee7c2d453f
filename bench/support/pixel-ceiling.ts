import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';

/**
 * The ceiling of the tracking benchmark, run as its own process: a bare Fastify route
 * answering the open pixel's 42-byte GIF with the same headers, and nothing else (no
 * Nest, no token, no Redis). It tells its port to the parent over IPC.
 */

/** The Fastify the API runs on: Nest's adapter pins a version of its own, which need not be the project's. */
const Fastify = createRequire(require.resolve('@nestjs/platform-fastify'))('fastify') as () => FastifyInstance;
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const HEADERS = {
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
  pragma: 'no-cache',
  expires: '0',
  'content-type': 'image/gif',
};

async function main(): Promise<void> {
  const app = Fastify();
  app.get('/o/:token', async (_request, reply) => reply.headers(HEADERS).send(PIXEL));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
