// antd v5 reaches into React 18's render API; this patch gives it React 19's, and must load before antd does.
import '@ant-design/v5-patch-for-react-19';
import { App as AntApp } from 'antd';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppRoot } from './app';
import { I18nProvider } from './i18n/i18n';
import { SessionProvider } from './session/session';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <AntApp>
        <SessionProvider>
          <AppRoot />
        </SessionProvider>
      </AntApp>
    </I18nProvider>
  </StrictMode>,
);
