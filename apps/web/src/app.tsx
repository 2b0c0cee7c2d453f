import { Button, Result, Spin } from 'antd';
import { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n/i18n';
import { AppLayout } from './layout/app-layout';
import { LoginPage } from './pages/login/login-page';
import { AppRoute, ROUTES, routeAllowed } from './routes';
import { useSession } from './session/session';

function RequireSession({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Spin fullscreen />;
  if (user === null) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

function NoEntry({ status }: { status: 403 | 404 }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status={status}
      title={status}
      subTitle={t(status === 403 ? 'common.forbidden' : 'common.notFound')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}

function GuardedPage({ route }: { route: AppRoute }) {
  const { user } = useSession();
  if (!user || !routeAllowed(route, user.roles)) return <NoEntry status={403} />;
  const Page = route.page;
  return <Page />;
}

export function AppRoot() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          {ROUTES.map((route) => (
            <Route key={route.path} path={route.path} element={<GuardedPage route={route} />} />
          ))}
          <Route path="*" element={<NoEntry status={404} />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
