import { Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { MessageKey } from '../../i18n/messages';
import { ROUTES, routeAllowed } from '../../routes';
import { useUser } from '../../session/session';
import { ReportsToDo } from './reports-to-do';

/** Short descriptions for the quick links of the shell's own pages; other pages show their menu label only. */
const LINK_HINTS: Record<string, MessageKey> = {
  '/customers': 'home.link.customers',
  '/imports': 'home.link.imports',
  '/org-units': 'home.link.orgUnits',
  '/users': 'home.link.users',
};

export default function HomePage() {
  const user = useUser();
  const { t, pick, localName } = useI18n();
  const links = ROUTES.filter((r) => r.label && r.path !== '/' && routeAllowed(r, user.roles));
  const readsReports = links.some((route) => route.path === '/evaluation-reports');

  return (
    <PageContainer title={t('menu.home')}>
      <Card>
        <Typography.Title level={2} style={{ marginTop: 0, fontSize: 24 }} data-testid="welcome">
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label={t('home.roles')}>
            {user.roles.map((role) => (
              <Tag color="blue" key={role}>
                {t(`role.${role}` as MessageKey)}
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('home.unit')}>{localName(user.orgUnitName, user.orgUnitNameEn)}</Descriptions.Item>
          <Descriptions.Item label={t('home.level')}>{t(`level.${user.orgLevel}` as MessageKey)}</Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary">{t('home.scope')}</Typography.Text>
      </Card>
      {readsReports && <ReportsToDo />}
      <Card title={t('home.quickLinks')}>
        <Row gutter={[16, 16]}>
          {links.map((route) => (
            <Col xs={24} sm={12} lg={8} key={route.path}>
              <Link to={route.path}>
                <Card hoverable size="small">
                  <Card.Meta
                    avatar={<span style={{ fontSize: 22, color: '#1677ff' }}>{route.icon}</span>}
                    title={pick(route.label!)}
                    description={LINK_HINTS[route.path] ? t(LINK_HINTS[route.path]) : undefined}
                  />
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      </Card>
    </PageContainer>
  );
}
