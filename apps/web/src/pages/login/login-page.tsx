import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useErrorText } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { LocaleSwitch } from '../../i18n/locale-switch';
import { Logo } from '../../layout/logo';
import { useSession } from '../../session/session';

interface Credentials {
  username: string;
  password: string;
}

/** Only same-site paths may be the target after login, so a crafted link cannot send users elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { user, login } = useSession();
  const { t } = useI18n();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (user) return <Navigate to={next} replace />;

  const describe = (e: unknown): string => {
    if (e instanceof ApiError && e.status === 429) {
      return t('login.locked', { minutes: Math.max(1, Math.ceil((e.retryAfterSeconds ?? 60) / 60)) });
    }
    return errorText(e);
  };

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      await login(username.trim(), password);
      navigate(next, { replace: true });
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #001529 0%, #0a3d7a 55%, #1677ff 100%)',
        padding: 24,
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LocaleSwitch />
      </div>
      <Card style={{ width: 400, boxShadow: '0 12px 40px rgba(0,0,0,0.25)' }} styles={{ body: { padding: 32 } }}>
        <div style={{ background: '#001529', borderRadius: 8, marginBottom: 20 }}>
          <Logo collapsed={false} title={t('app.name')} />
        </div>
        <Typography.Title level={1} style={{ marginTop: 0, fontSize: 20, lineHeight: 1.4 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={50} />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '20px 0 0', fontSize: 12 }}>
          {t('login.footer')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
