import type { HelperDelegate } from 'handlebars';

/** The helpers templates may call besides Handlebars' `if`, `unless`, `each` and `with`, and how many arguments each takes. */
export const TEMPLATE_HELPERS: Readonly<Record<string, { arguments: number; helper: HelperDelegate }>> = {
  /** `{{date campaign.endDate}}`: 2026-12-31 → 2026年12月31日, as Chinese letters write dates. */
  date: {
    arguments: 1,
    helper: (value: unknown) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ''));
      return match ? `${Number(match[1])}年${Number(match[2])}月${Number(match[3])}日` : String(value ?? '');
    },
  },
};

/** Handlebars' own block helpers a template may use. */
export const BLOCK_HELPERS = ['if', 'unless', 'each', 'with'] as const;
