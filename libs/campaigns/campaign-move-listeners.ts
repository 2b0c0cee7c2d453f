import { Injectable, Logger } from '@nestjs/common';

/**
 * What a domain above campaigns does after any move of a campaign has committed — a
 * launch, pause, resume, completion, cancellation or a new plan in force: the web
 * channel drops the offers it keeps in memory. Registered in onModuleInit, like
 * CampaignScheduleListeners, so campaigns never imports the listener's domain.
 */
export interface CampaignMoveListener {
  readonly name: string;
  moved(campaignId: number): Promise<void>;
}

@Injectable()
export class CampaignMoveListeners {
  private readonly logger = new Logger(CampaignMoveListeners.name);
  private readonly listeners: CampaignMoveListener[] = [];

  register(listener: CampaignMoveListener): void {
    if (this.listeners.some((known) => known.name === listener.name)) {
      throw new Error(`A campaign move listener named '${listener.name}' is registered already`);
    }
    this.listeners.push(listener);
  }

  /** A listener that fails is logged and does not undo the committed move. */
  async tell(campaignId: number): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener.moved(campaignId);
      } catch (error) {
        this.logger.warn(`${listener.name}: campaign ${campaignId} moved: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
}
