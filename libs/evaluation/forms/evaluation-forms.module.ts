import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignCommitments, CampaignsModule } from '@lib/campaigns';
import { EvaluationFormTemplate } from './evaluation-form-template.entity';
import { EvaluationFormVersion } from './evaluation-form-version.entity';
import { EvaluationFormService } from './evaluation-form.service';
import { FormPinCommitment } from './form-pin-commitment';
import { FormPlanCheck } from './form-plan-check';

/** The standard evaluation forms: templates and their versions, the plan's check of the form it names, and the pin at approval. */
@Module({
  imports: [TypeOrmModule.forFeature([EvaluationFormTemplate, EvaluationFormVersion]), CampaignsModule],
  providers: [EvaluationFormService, FormPlanCheck, FormPinCommitment],
  exports: [EvaluationFormService],
})
export class EvaluationFormsModule implements OnModuleInit {
  constructor(
    private readonly commitments: CampaignCommitments,
    private readonly planCheck: FormPlanCheck,
    private readonly pin: FormPinCommitment,
  ) {}

  onModuleInit(): void {
    this.commitments.registerCheck(this.planCheck);
    this.commitments.register(this.pin);
  }
}
