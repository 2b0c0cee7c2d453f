import { ThemeConfig } from 'antd';

/**
 * The app's antd theme. antd's defaults put white on #1677ff (4.1:1) and secondary
 * text at 45% black (3.4:1); every text colour here reaches WCAG AA's 4.5:1 on white
 * and on the light greys that cards and tables use.
 */
export const APP_THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    // Hover and press go darker, not lighter, so white text stays readable on them.
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorError: '#cf1322',
    colorSuccessText: '#237804',
    colorWarningText: '#ad4e00',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    // A form shown while it loads is disabled for a moment; its values stay readable (axe checks them then too).
    colorTextDisabled: 'rgba(0, 0, 0, 0.6)',
    borderRadius: 6,
  },
};
