import { GlobalOutlined, LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { matchPath, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { PageErrorBoundary } from '../components/page-error-boundary';
import { useI18n } from '../i18n/i18n';
import { LocaleSwitch } from '../i18n/locale-switch';
import { ROUTES, routeAllowed } from '../routes';
import { useUser, useSession } from '../session/session';
import { Logo } from './logo';
import { NotificationBell } from './notification-bell';

const { Header, Sider, Content } = Layout;

/** The frame around every page once logged in: the side menu by role and the header. */
export function AppLayout() {
  const user = useUser();
  const { logout } = useSession();
  const { t, pick, localName } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem('menuCollapsed') === '1');

  const menuRoutes = useMemo(() => ROUTES.filter((r) => r.label && routeAllowed(r, user.roles)), [user.roles]);
  const current = ROUTES.find((r) => matchPath({ path: r.path, end: true }, location.pathname));
  const selectedKey = current?.menuKey ?? current?.path ?? '/';

  const toggle = () => {
    localStorage.setItem('menuCollapsed', collapsed ? '0' : '1');
    setCollapsed(!collapsed);
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={216} collapsed={collapsed} collapsedWidth={64} theme="dark">
        {/* The sider stretches with the page; its content stays in view while the page scrolls. */}
        <div style={{ position: 'sticky', top: 0 }}>
          <Logo collapsed={collapsed} title={t('app.name')} />
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selectedKey]}
            items={menuRoutes.map((r) => ({ key: r.path, icon: r.icon, label: pick(r.label!) }))}
            onClick={({ key }) => navigate(key)}
          />
        </div>
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 20px 0 8px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={toggle} />
          <Space size="large">
            <NotificationBell />
            <Space size={4}>
              <GlobalOutlined style={{ color: '#8c8c8c' }} />
              <LocaleSwitch size="small" />
            </Space>
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout') }],
                onClick: () => logout().then(() => navigate('/login')),
              }}
            >
              <Space style={{ cursor: 'pointer', lineHeight: '18px' }} align="center" data-testid="current-user">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                <span style={{ lineHeight: 1.2, display: 'inline-flex', flexDirection: 'column' }}>
                  <Typography.Text strong>{user.displayName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {localName(user.orgUnitName, user.orgUnitNameEn)}
                  </Typography.Text>
                </span>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: 24 }}>
          {/* Also catches a page's code failing to load. */}
          <PageErrorBoundary path={location.pathname}>
            <Suspense fallback={<Spin style={{ display: 'block', margin: '80px auto' }} />}>
              <Outlet />
            </Suspense>
          </PageErrorBoundary>
        </Content>
      </Layout>
    </Layout>
  );
}
