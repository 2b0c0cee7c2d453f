import { Segmented } from 'antd';
import { useI18n, type Locale } from './i18n';

/** Chinese / English; the I18nProvider remembers the choice. */
export function LocaleSwitch({ size }: { size?: 'small' }) {
  const { locale, setLocale } = useI18n();
  return (
    <Segmented<Locale>
      size={size}
      value={locale}
      onChange={setLocale}
      options={[
        { label: '中文', value: 'zh' },
        { label: 'English', value: 'en' },
      ]}
    />
  );
}
