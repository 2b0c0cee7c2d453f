import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CAMPAIGN_OBJECTIVES, CampaignObjective } from '@lib/campaigns/campaign-status';
import { PlanFields } from '@lib/campaigns/campaign.dto';
import type { ForecastInput } from './forecast.view';

/** Body of POST /campaign-forecasts: the plan as it stands in the editor, in the plan's own shape. */
export class ForecastBody extends PlanFields implements ForecastInput {
  @ApiProperty({ enum: CAMPAIGN_OBJECTIVES })
  @IsIn(CAMPAIGN_OBJECTIVES)
  objective: CampaignObjective;

  @ApiPropertyOptional({ nullable: true, description: 'The campaign being edited: its own planned contacts do not compete with it' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  campaignId?: number | null;
}
