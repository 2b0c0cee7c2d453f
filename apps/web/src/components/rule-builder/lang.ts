import type { Locale } from '../../i18n/i18n';
import type { Label } from './rule';

export type Lang = Locale;

/** The current language's half of a label the API may have left out (then the fallback). */
export const pick = (label: Label | undefined, lang: Lang, fallback = ''): string =>
  label ? (lang === 'en' ? label.en || label.zh : label.zh) : fallback;
