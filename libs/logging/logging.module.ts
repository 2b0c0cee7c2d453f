import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@lib/config';
import { requestLine } from './request-log';

/** Structured logs: JSON lines in production, readable lines in development. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // Nest 11's route syntax for "every path" (the library's default '*' is the old one).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        // The public tracking links (/api/t/…) go unlogged: a line per open of every message sent, each naming a token that acts for the customer.
        // So do the web offers the insurer's site asks for on every page view, their query naming the customer's token.
        exclude: [
          { path: 't/{*token}', method: RequestMethod.ALL },
          { path: 'web/offers', method: RequestMethod.GET },
        ],
        pinoHttp: {
          level: config.LOG_LEVEL,
          transport: config.logFormat === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
          serializers: {
            req: requestLine,
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/api/health' },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
