import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setRequestLanguage } from '../api/client';
import { APP_THEME } from '../theme';
import { en, MessageKey, zh } from './messages';
import { fill, Locale, Params, pickName, pickText, Text } from './text';

export type { Locale, Params, Text } from './text';

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  /** A shell string by key, with {name} placeholders filled from params. */
  t: (key: MessageKey, params?: Params) => string;
  /** The current language's half of a {zh, en} pair, with {name} placeholders filled from params. */
  pick: (text: Text, params?: Params) => string;
  /** The label of a code (a status, a channel…) from a page's table; the code itself where the table does not know it. */
  label: (labels: Record<string, Text>, code: string) => string;
  /** A record's name (an org unit's, a product's) in the current language: see pickName. */
  localName: (name: string, nameEn?: string | null) => string;
}

const STORAGE_KEY = 'locale';
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

function applyLocale(locale: Locale): void {
  setRequestLanguage(locale);
  dayjs.locale(locale === 'zh' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
}

/** Simplified Chinese by default; the choice is remembered in localStorage. Switches antd's and dayjs's locale too. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const chosen = initialLocale();
    applyLocale(chosen);
    return chosen;
  });

  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    applyLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const table = locale === 'zh' ? zh : en;
    return {
      locale,
      setLocale,
      t: (key, params) => fill(table[key], params),
      pick: (text, params) => fill(pickText(text, locale), params),
      label: (labels, code) => pickText(labels[code], locale, code),
      localName: (name, nameEn) => pickName(locale, name, nameEn),
    };
  }, [locale, setLocale]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={locale === 'zh' ? zhCN : enUS} theme={APP_THEME}>
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
