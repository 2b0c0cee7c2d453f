/** The two groups of a launch: contacted (or meant to be) and held out. */
export type LaunchGroup = 'treatment' | 'control';

/** A group's figures: members as frozen at launch, and the policies attributed to the campaign among them. */
export interface GroupConversions {
  members: number;
  /** Members with at least one conversion. */
  converters: number;
  conversions: number;
  /** Sum of the converted policies' premium, as a decimal string. */
  premium: string;
}

/** Conversions of one campaign by group, in all and per branch (the contact's branch, else the member's unit at launch). */
export interface CampaignConversions {
  campaignId: number;
  treatment: GroupConversions;
  control: GroupConversions;
  byBranch: (GroupConversions & { orgUnitId: number; group: LaunchGroup })[];
}
