import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuthService, Role, sessionTokenOf } from '@lib/auth';
import { errorAnswer } from '@lib/common';
import { AppConfig } from '@lib/config';
import { JOB_QUEUE, JobName, JobQueue } from '@lib/queue';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** Cookies, uploads, the queue board for admins and the built web UI (the public tracking links come first: createApiApp). */
export async function registerHttpPlugins(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await app.register(fastifyCookie as never);
  await app.register(fastifyMultipart as never, { limits: { fileSize: config.MAX_UPLOAD_MB * 1024 * 1024, files: 1 } });
  await registerQueueBoard(app, fastify);
  registerWebUi(fastify, config);
}

/** Bull Board over every queue, for admins only (the browser's session cookie is checked). */
async function registerQueueBoard(app: NestFastifyApplication, fastify: FastifyInstance): Promise<void> {
  const jobs = app.get(JobQueue);
  const auth = app.get(AuthService);
  const queueNames = [...new Set(Object.values(JOB_QUEUE))];
  const serverAdapter = new BullBoardFastifyAdapter();
  createBullBoard({
    queues: queueNames.map((name) => new BullMQAdapter(jobs.queue(jobOf(name)))),
    serverAdapter,
  });
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const token = sessionTokenOf(request as never);
      const user = token ? await auth.authenticate(token) : null;
      const language = request.headers['accept-language'];
      if (!user) return reply.status(401).send(errorAnswer(401, 'unauthorized', language));
      if (!user.roles.includes(Role.Admin)) return reply.status(403).send(errorAnswer(403, 'role_required', language, { roles: [Role.Admin] }));
    });
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
  });
}

function jobOf(queue: string): JobName {
  return (Object.keys(JOB_QUEUE) as JobName[]).find((job) => JOB_QUEUE[job] === queue) as JobName;
}

/** Serves the built single-page UI; unknown non-API paths get index.html so client routes work. */
function registerWebUi(fastify: FastifyInstance, config: AppConfig): void {
  const root = resolve(config.WEB_DIST_DIR);
  if (!config.WEB_DIST_DIR || !existsSync(resolve(root, 'index.html'))) return;
  fastify.register(fastifyStatic, { root, wildcard: false });
  // Client-side routes (/customers/42) get index.html; unknown API paths still get a JSON 404.
  fastify.get('/*', (request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith(QUEUE_BOARD_PATH)) {
      return reply.status(404).send(errorAnswer(404, 'route_not_found', request.headers['accept-language']));
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
