export { EmailBatchSender, contactMessageId } from './email/email-batch-sender';
export { smtpFailure } from './email/smtp-outcome';
export { ChannelsModule } from './channels.module';
