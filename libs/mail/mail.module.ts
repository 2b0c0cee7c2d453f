import { Module } from '@nestjs/common';
import { MailTransport } from './mail-transport';

/** Outgoing mail over SMTP. */
@Module({
  providers: [MailTransport],
  exports: [MailTransport],
})
export class MailModule {}
