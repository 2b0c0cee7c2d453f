import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyInstance } from 'fastify';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, RequestInputPipe } from '@lib/common';
import { AppConfig, loadConfig } from '@lib/config';
import { LinkTracking } from '@lib/tracking';
import { AppModule } from './app.module';
import { DEMO_SITE_PATH } from './web/demo-site.controller';
import { registerHttpPlugins } from './http-plugins';
import { registerTrackingLinks } from './tracking/tracking-links.plugin';

/** Builds the API application; main.ts listens on it, end-to-end tests use it directly. */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ trustProxy: loadConfig().TRUST_PROXY, bodyLimit: 10 * 1024 * 1024 });
  // Before Nest's middleware engine and the plugins, so that the links of every message pass none of their hooks (tracking-links.plugin.ts).
  const serveTrackingLinks = await registerTrackingLinks(adapter.getInstance() as unknown as FastifyInstance);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { bufferLogs: true });
  serveTrackingLinks(app.get(LinkTracking));
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', { exclude: ['health', DEMO_SITE_PATH] });
  // Depth, NUL and surrogates are refused before the validation pipe it wraps recurses into the values.
  app.useGlobalPipes(new RequestInputPipe(createValidationPipe()));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Insurer campaign platform API')
      .setDescription('Plan, execute and evaluate marketing campaigns. Log in at POST /api/auth/login and send the token as a Bearer header.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  await registerHttpPlugins(app, config);
  return app;
}
