import { Button, Result, Spin } from 'antd';
import { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { PageContainer } from './components/page-container';
import { useI18n } from './i18n/i18n';
import { MessageKey } from './i18n/messages';
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

function BackHome() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => navigate('/')}>
      {t('common.backHome')}
    </Button>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <PageContainer title={t('common.notFound')}>
      <Result status="404" extra={<BackHome />} />
    </PageContainer>
  );
}

/** A page the user's roles do not use: named by its menu entry, saying who it is for, instead of a bare error code. */
function NotForYourRole({ route }: { route: AppRoute }) {
  const { t, pick } = useI18n();
  const entry = ROUTES.find((r) => r.path === (route.menuKey ?? route.path));
  const roles = (route.roles ?? []).map((role) => t(`role.${role}` as MessageKey));
  return (
    <PageContainer title={entry?.label ? pick(entry.label) : t('common.forbidden')}>
      <Result
        status="403"
        title={pick({ zh: '您的角色不使用此页面', en: 'Your roles do not use this page' })}
        subTitle={pick(
          { zh: '此页面供{roles}使用；如果工作需要，请联系系统管理员分配角色。', en: 'It is for: {roles}. If your work needs it, ask an admin for the role.' },
          { roles: roles.join(pick({ zh: '、', en: ', ' })) },
        )}
        extra={<BackHome />}
      />
    </PageContainer>
  );
}

function GuardedPage({ route }: { route: AppRoute }) {
  const { user } = useSession();
  if (!user || !routeAllowed(route, user.roles)) return <NotForYourRole route={route} />;
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
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
