import { ContactPolicy } from './contact-policy.entity';

export type ContactPolicyRules = Omit<ContactPolicy, 'id' | 'name' | 'isDefault' | 'updatedBy' | 'createdAt' | 'updatedAt'>;

/** `count` consecutive dates from `first` (YYYY-MM-DD). */
function days(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

export const DEFAULT_CONTACT_POLICY_NAME = '默认接触规则 Default contact policy';

/**
 * The issue's defaults, also inserted by the migration: no sales calls or agent visits
 * between 21:00 and 09:00 (the regulator's rule for insurance telephone sales) nor on
 * public holidays, six months' block after a refusal, renewals from 40 days before expiry.
 * Holidays: 2026 as announced by the State Council; 2027 estimated from the lunar calendar.
 * New policies take these values for every field they leave out.
 */
export const DEFAULT_CONTACT_RULES: ContactPolicyRules = {
  maxPer7Days: 2,
  maxPer30Days: 4,
  perChannel: {
    phone: { maxPer7Days: 1, maxPer30Days: 2 },
    agent_visit: { maxPer7Days: 1, maxPer30Days: 1 },
    email: { maxPer7Days: 2, maxPer30Days: 4 },
    sms: { maxPer7Days: 2, maxPer30Days: 4 },
    web: { maxPer7Days: null, maxPer30Days: null },
  },
  minGapHours: 48,
  quietHours: {
    phone: { start: '21:00', end: '09:00' },
    agent_visit: { start: '21:00', end: '09:00' },
    sms: { start: '21:00', end: '08:00' },
  },
  holidays: [
    ...days('2026-01-01', 3), ...days('2026-02-15', 9), ...days('2026-04-04', 3), ...days('2026-05-01', 5),
    ...days('2026-06-19', 3), ...days('2026-09-25', 3), ...days('2026-10-01', 7),
    ...days('2027-01-01', 3), ...days('2027-02-05', 8), ...days('2027-04-03', 3), ...days('2027-05-01', 5),
    ...days('2027-06-09', 1), ...days('2027-09-15', 1), ...days('2027-10-01', 7),
  ],
  holidayChannels: ['phone', 'agent_visit'],
  refusalBlockDays: 180,
  renewalEarliestDays: 40,
  requireConsent: true,
};
