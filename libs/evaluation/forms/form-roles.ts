import { Role } from '@lib/auth';

/**
 * Who designs the standard forms: campaign planners and admins of the province branch or
 * head office (the endpoints are @ProvinceWide). Everyone reads the published versions.
 */
export const FORM_DESIGNERS: readonly Role[] = [Role.CampaignManager, Role.Admin];
