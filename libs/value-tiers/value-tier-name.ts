/** The value tiers of BRIEF.md; a pure type file, shared with the web (`@lib/value-tiers/value-tier-name`). */
export type ValueTier = 'gold' | 'silver' | 'ordinary' | 'do_not_serve';
