/** What the tracking library answers about a campaign's progress; pure types. */
import type { ContactEventType } from './contact-event';

/** Every event of one type, per step and branch (and per reason for skips and failures). */
export interface CampaignEventCount {
  stepId: number | null;
  orgUnitId: number;
  eventType: ContactEventType;
  reason: string | null;
  events: number;
}

/** Contacts that opened, clicked or unsubscribed, each counted once however often it did. */
export interface CampaignEngagementCount {
  stepId: number | null;
  orgUnitId: number;
  opened: number;
  /** Opened at least once other than through a privacy or image proxy. */
  openedDirectly: number;
  clicked: number;
  unsubscribed: number;
}

export interface CampaignTrackingCounts {
  campaignId: number;
  events: CampaignEventCount[];
  engagements: CampaignEngagementCount[];
}
