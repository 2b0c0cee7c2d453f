import { Module, OnModuleInit } from '@nestjs/common';
import { CampaignCommitments, CampaignsModule } from '@lib/campaigns';
import { MailModule } from '@lib/mail';
import { MessageTemplateService } from './message-template.service';
import { MessageTemplates } from './message-templates';
import { TemplatePlanCheck } from './template-plan-check';

/** Message templates of every channel: file templates, the ones channel managers edit, their check, preview and rendering. */
@Module({
  imports: [CampaignsModule, MailModule],
  providers: [MessageTemplates, MessageTemplateService, TemplatePlanCheck],
  exports: [MessageTemplates, MessageTemplateService],
})
export class MessageTemplatesModule implements OnModuleInit {
  constructor(
    private readonly commitments: CampaignCommitments,
    private readonly planCheck: TemplatePlanCheck,
  ) {}

  /** A plan naming a template that does not exist for its step's channel is refused at submit. */
  onModuleInit(): void {
    this.commitments.registerCheck(this.planCheck);
  }
}
