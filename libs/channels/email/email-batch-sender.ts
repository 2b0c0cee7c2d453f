import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '@lib/config';
import { BatchStop, ClaimedPart, ContactBatches, PartOutcome, SendFailure } from '@lib/dispatch';
import { MailTransport, OutgoingMail } from '@lib/mail';
import { CompiledMessage, contextsForContacts, MessageTemplates } from '@lib/message-templates';
import { LinkTracking, TrackedLinks } from '@lib/tracking';
import { smtpFailure } from './smtp-outcome';

interface Recipient {
  id: string;
  email: string | null;
  campaign_id: number;
  step_id: number;
  template_ref: string;
}

/**
 * The email channel's sender of a dispatch batch: claims a part at a time (checked and
 * paid for by ContactBatches), renders each message from the step's template with its
 * tracking pixel, signed click links and one-click unsubscribe, sends it over the SMTP
 * pool and settles the part. A part is about what the pool has in flight, so a crash
 * resends at most that (the Message-ID, derived from the contact, shows a resent copy).
 */
@Injectable()
export class EmailBatchSender {
  /**
   * Contacts claimed, sent and settled together (EMAIL_PART_SIZE). Each part's claim and
   * settlement cost both the database and this process about the same whatever its size,
   * and the claim is hidden behind the sending of the part before, so parts are large
   * (bench/README.md); a crash still resends at most one part.
   */
  readonly partSize: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: ContactBatches,
    private readonly templates: MessageTemplates,
    private readonly links: LinkTracking,
    private readonly trackedLinks: TrackedLinks,
    private readonly mail: MailTransport,
    config: AppConfig,
  ) {
    this.partSize = config.EMAIL_PART_SIZE;
  }

  /**
   * Sends what is left of the batch; 'retry' while some contacts failed for now and wait
   * for the job's next attempt. The next part is claimed while the current one is sent, so
   * the SMTP pool does not wait for the claim's transaction; a part is settled before the
   * next one is sent, so a crash leaves at most one part sent and not settled.
   */
  async sendBatch(batchId: number): Promise<BatchStop | 'retry'> {
    let claim = await this.batches.claimPart(batchId, this.partSize);
    for (;;) {
      if (claim.stop === 'settle_first') claim = await this.batches.claimPart(batchId, this.partSize);
      if (claim.stop) return claim.stop === 'done' ? this.batches.finishBatch(batchId) : (claim.stop as BatchStop);
      const part = claim.part;
      if (part.contactIds.length === 0) {
        claim = await this.batches.claimPart(batchId, this.partSize);
        continue;
      }
      const [outcome, next] = await Promise.all([this.sendPart(part), this.batches.claimPart(batchId, this.partSize, [part])]);
      await this.batches.settlePart(part, outcome, (manager) => this.suppress(manager, outcome.bounced));
      claim = next;
    }
  }

  /** The message of one contact, as it is sent; the test send and the preview of a sent message use it too. */
  messageOf(contactId: number, campaignId: number, to: string, compiled: CompiledMessage, context: Parameters<CompiledMessage['render']>[0], linkIndexes: number[], stepId: number): OutgoingMail {
    const unsubscribeUrl = this.links.unsubscribeUrl(contactId);
    const rendered = compiled.render(context, {
      pixelUrl: this.links.openPixelUrl(contactId),
      unsubscribeUrl,
      clickUrl: (index) => this.links.clickUrl(contactId, stepId, linkIndexes[index]),
    });
    return {
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: contactMessageId(contactId, campaignId, this.mail.senderDomain),
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }

  private async sendPart(part: ClaimedPart): Promise<PartOutcome> {
    const recipients: Recipient[] = await this.dataSource.query(
      `SELECT k.id, cu.email, k.campaign_id, k.step_id, s.template_ref
         FROM contacts k JOIN customers cu ON cu.id = k.customer_id JOIN campaign_steps s ON s.id = k.step_id
        WHERE k.id = ANY($1::bigint[]) ORDER BY k.id`,
      [part.contactIds],
    );
    const outcome: PartOutcome = { sent: [], bounced: [], failed: [] };
    const compiled = await this.templates.compiled(recipients[0].template_ref, 'email');
    const linkIndexes = await this.trackedLinks.register(part.stepId, compiled.links);
    const contexts = await contextsForContacts(this.dataSource.manager, part.contactIds);
    await Promise.all(
      recipients.map(async (recipient) => {
        const contactId = Number(recipient.id);
        const context = contexts.get(contactId);
        if (!recipient.email || !context) {
          outcome.bounced.push({ contactId, reason: 'no_address', detail: 'The customer has no email address' });
          return;
        }
        try {
          await this.mail.send(this.messageOf(contactId, recipient.campaign_id, recipient.email, compiled, context, linkIndexes, part.stepId));
          outcome.sent.push(contactId);
        } catch (error) {
          const failure = smtpFailure(error);
          const item: SendFailure = { contactId, reason: failure.reason, detail: failure.detail };
          (failure.hard ? outcome.bounced : outcome.failed).push(item);
        }
      }),
    );
    return outcome;
  }

  /** A hard bounce suppresses the address: no later email goes to it, whichever campaign sends. */
  private async suppress(manager: EntityManager, bounced: SendFailure[]): Promise<void> {
    const hard = bounced.filter((bounce) => bounce.reason !== 'no_address');
    if (hard.length === 0) return;
    await manager.query(
      `INSERT INTO email_suppressions (email, reason, contact_id)
       SELECT lower(cu.email), b.detail, k.id
         FROM unnest($1::bigint[], $2::text[]) AS b(contact_id, detail)
         JOIN contacts k ON k.id = b.contact_id JOIN customers cu ON cu.id = k.customer_id
        WHERE cu.email IS NOT NULL
       ON CONFLICT (email) DO NOTHING`,
      [hard.map((bounce) => bounce.contactId), hard.map((bounce) => bounce.detail)],
    );
  }
}

/** The Message-ID of a contact's email: the same for a resent copy, so receivers and our tests recognise it. */
export function contactMessageId(contactId: number, campaignId: number, domain: string): string {
  return `<contact-${contactId}.campaign-${campaignId}@${domain}>`;
}
