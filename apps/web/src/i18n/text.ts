/**
 * A UI string in both languages. Pages keep their own tables of these beside them
 * (`export const L = { title: { zh, en } } satisfies Record<string, Text>`) and show
 * them with `pick` from useI18n; the API's field catalogue sends labels of this shape too.
 */
export interface Text {
  zh: string;
  en: string;
}

export type Locale = 'zh' | 'en';

export type Params = Record<string, string | number>;

/** Fills {name} placeholders from params; unknown names stay as they are. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * The name of a record in the locale: its English name where the data has one, else its
 * Chinese name, which every org unit and product has. The one way the UI chooses a name.
 */
export const pickName = (locale: Locale, name: string, nameEn?: string | null): string => (locale === 'en' && nameEn ? nameEn : name);

/**
 * The locale's half of a text, Chinese where the English is empty (the API may leave it
 * out), and the fallback where there is no text at all (a code no table knows yet).
 */
export const pickText = (text: Text | undefined, locale: Locale, fallback = ''): string =>
  text ? (locale === 'en' ? text.en || text.zh : text.zh) : fallback;
