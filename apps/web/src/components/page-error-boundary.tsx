import { Button, Result, Space } from 'antd';
import { Component, ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';

const TEXT = {
  title: { zh: '此页面出错了', en: 'This page has run into a problem' },
  detail: {
    zh: '页面无法显示，其他功能不受影响。可以返回上一页，或重新加载此页面；问题持续时请联系系统管理员。',
    en: 'The page cannot be shown; the rest of the app still works. Go back, or reload the page; if it keeps happening, tell your administrator.',
  },
  back: { zh: '返回上一页', en: 'Go back' },
  home: { zh: '返回工作台', en: 'Back to home' },
  reload: { zh: '重新加载', en: 'Reload the page' },
};

function PageFailure() {
  const { pick } = useI18n();
  const navigate = useNavigate();
  // The router counts the app's own history entries; without one, back would leave the app.
  const canGoBack = ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;
  return (
    <div data-testid="page-error">
      <Result
        status="error"
        title={pick(TEXT.title)}
        subTitle={pick(TEXT.detail)}
        extra={
          <Space>
            <Button onClick={() => (canGoBack ? navigate(-1) : navigate('/'))}>{pick(canGoBack ? TEXT.back : TEXT.home)}</Button>
            {/* A full reload also fetches page code that a new release has replaced. */}
            <Button type="primary" onClick={() => window.location.reload()}>
              {pick(TEXT.reload)}
            </Button>
          </Space>
        }
      />
    </div>
  );
}

interface State {
  failed: boolean;
}

/**
 * Catches what a page throws while rendering, so one failing page shows a message in
 * place of its content and leaves the menu and header working. Opening another page
 * (a new `path`) starts afresh. React itself logs the error to the console.
 */
export class PageErrorBoundary extends Component<{ path: string; children: ReactNode }, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidUpdate(previous: Readonly<{ path: string }>): void {
    if (this.state.failed && previous.path !== this.props.path) this.setState({ failed: false });
  }

  render(): ReactNode {
    return this.state.failed ? <PageFailure /> : this.props.children;
  }
}
