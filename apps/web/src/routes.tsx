/**
 * Every page of the app, in menu order. Adding a page is one line here:
 *
 *   { path: '/segments', label: { zh: '客户细分', en: 'Segments' }, icon: <ClusterOutlined />, roles: ['segment_manager', 'analyst'], page: lazy(() => import('./pages/segments/segments-page')) },
 *
 * - path: the client route (react-router syntax; '/segments/:id' for a detail page).
 * - label: the menu entry in both languages; leave it out for pages that are not in the menu (detail pages).
 * - icon: an @ant-design/icons element for the menu.
 * - roles: who sees the entry and may open the page (list every role, admin included); leave it out for everyone.
 * - page: the page module, loaded on first visit; it must `export default` its component.
 * - menuKey: for a detail page, the menu entry to highlight (its list's path).
 */
import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  ClusterOutlined,
  CrownOutlined,
  DashboardOutlined,
  GiftOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  HomeOutlined,
  MailOutlined,
  MoneyCollectOutlined,
  PercentageOutlined,
  PhoneOutlined,
  ScheduleOutlined,
  PieChartOutlined,
  TeamOutlined,
  UserOutlined,
  WarningOutlined,
  FlagOutlined,
  FileDoneOutlined,
  FundOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { ComponentType, lazy, LazyExoticComponent, ReactNode } from 'react';
import type { RoleName } from '@lib/auth/role';
import { Text } from './i18n/i18n';

export interface AppRoute {
  path: string;
  label?: Text;
  icon?: ReactNode;
  roles?: RoleName[];
  page: LazyExoticComponent<ComponentType>;
  menuKey?: string;
}

/** Who has work on the budget pools: reviewers open, fund and allocate them; planners and analysts read them. */
const POOL_READERS: RoleName[] = ['reviewer', 'campaign_manager', 'analyst', 'admin'];

/** Who has work on campaign budgets: as above, and the branch executors who enter spend. */
const CAMPAIGN_BUDGET_READERS: RoleName[] = [...POOL_READERS, 'branch_executor'];

/** Who reads campaigns: their planners, reviewers, analysts, admins and the branches that execute them. */
const CAMPAIGN_READERS: RoleName[] = ['campaign_manager', 'reviewer', 'analyst', 'admin', 'branch_executor'];

/** Who reads campaign results (libs/analytics/analytics-roles.ts): the campaign readers, and the channels and segments they ran on. */
const RESULT_READERS: RoleName[] = [...CAMPAIGN_READERS, 'channel_manager', 'segment_manager'];
/** Who reads evaluation reports: the branches that file them, their reviewers and planners, and analysts. */
const REPORT_READERS: RoleName[] = ['branch_executor', 'reviewer', 'campaign_manager', 'analyst'];

export const ROUTES: AppRoute[] = [
  { path: '/', label: { zh: '工作台', en: 'Home' }, icon: <HomeOutlined />, page: lazy(() => import('./pages/home/home-page')) },
  { path: '/customers', label: { zh: '客户', en: 'Customers' }, icon: <TeamOutlined />, page: lazy(() => import('./pages/customers/customer-search-page')) },
  { path: '/customers/:id', menuKey: '/customers', page: lazy(() => import('./pages/customers/customer-view-page')) },
  { path: '/imports', label: { zh: '数据导入', en: 'Imports' }, icon: <CloudUploadOutlined />, roles: ['admin', 'segment_manager', 'branch_executor'], page: lazy(() => import('./pages/imports/imports-page')) },
  { path: '/segments', label: { zh: '客户细分', en: 'Segments' }, icon: <ClusterOutlined />, page: lazy(() => import('./pages/segments/segments-page')) },
  { path: '/segments/overlap', menuKey: '/segments', page: lazy(() => import('./pages/segments/segment-overlap-page')) },
  { path: '/segments/new', menuKey: '/segments', roles: ['segment_manager', 'admin'], page: lazy(() => import('./pages/segments/segment-editor-page')) },
  { path: '/segments/:id', menuKey: '/segments', page: lazy(() => import('./pages/segments/segment-editor-page')) },
  { path: '/value-tiers', label: { zh: '价值等级', en: 'Value tiers' }, icon: <CrownOutlined />, page: lazy(() => import('./pages/value-tiers/value-tiers-page')) },
  { path: '/contact-policies', label: { zh: '接触规则', en: 'Contact rules' }, icon: <SafetyCertificateOutlined />, page: lazy(() => import('./pages/contact-policies/contact-policies-page')) },
  { path: '/bundles', label: { zh: '交叉销售组合', en: 'Bundles' }, icon: <GiftOutlined />, page: lazy(() => import('./pages/bundles/bundles-page')) },
  { path: '/bundles/new', menuKey: '/bundles', roles: ['segment_manager', 'admin'], page: lazy(() => import('./pages/bundles/bundle-editor-page')) },
  { path: '/bundles/:id', menuKey: '/bundles', page: lazy(() => import('./pages/bundles/bundle-editor-page')) },
  { path: '/campaigns', label: { zh: '营销活动', en: 'Campaigns' }, icon: <NotificationOutlined />, roles: CAMPAIGN_READERS, page: lazy(() => import('./pages/campaigns/campaigns-page')) },
  { path: '/campaigns/new', menuKey: '/campaigns', roles: ['campaign_manager'], page: lazy(() => import('./pages/campaigns/campaign-editor-page')) },
  { path: '/campaigns/:id/edit', menuKey: '/campaigns', roles: CAMPAIGN_READERS, page: lazy(() => import('./pages/campaigns/campaign-editor-page')) },
  { path: '/campaigns/:id', menuKey: '/campaigns', roles: CAMPAIGN_READERS, page: lazy(() => import('./pages/campaigns/campaign-detail-page')) },
  { path: '/analytics/portfolio', label: { zh: '效果总览', en: 'Campaign results' }, icon: <FundOutlined />, roles: RESULT_READERS, page: lazy(() => import('./pages/analytics/portfolio-page')) },
  { path: '/analytics/campaigns/:id', menuKey: '/analytics/portfolio', roles: RESULT_READERS, page: lazy(() => import('./pages/analytics/campaign-roi-page')) },
  { path: '/approvals', label: { zh: '待我审批', en: 'Approval inbox' }, icon: <AuditOutlined />, roles: ['reviewer'], page: lazy(() => import('./pages/campaigns/approval-inbox-page')) },
  { path: '/budgets', label: { zh: '预算池', en: 'Budget pools' }, icon: <PieChartOutlined />, roles: POOL_READERS, page: lazy(() => import('./pages/budgets/budget-pools-page')) },
  { path: '/budgets/campaigns', label: { zh: '活动预算', en: 'Campaign budgets' }, icon: <MoneyCollectOutlined />, roles: CAMPAIGN_BUDGET_READERS, page: lazy(() => import('./pages/budgets/campaign-budgets-page')) },
  { path: '/budgets/campaigns/:id', menuKey: '/budgets/campaigns', roles: CAMPAIGN_BUDGET_READERS, page: lazy(() => import('./pages/budgets/campaign-budget-page')) },
  { path: '/channels', label: { zh: '渠道总览', en: 'Channels' }, icon: <AppstoreOutlined />, roles: ['channel_manager', 'admin'], page: lazy(() => import('./pages/channels/channels-page')) },
  { path: '/capacity', label: { zh: '渠道容量', en: 'Channel capacity' }, icon: <DashboardOutlined />, roles: ['channel_manager', 'admin'], page: lazy(() => import('./pages/capacity/capacity-page')) },
  { path: '/analytics/margin-rates', label: { zh: '产品线利润率', en: 'Margin rates' }, icon: <PercentageOutlined />, roles: ['campaign_manager', 'reviewer', 'analyst', 'admin'], page: lazy(() => import('./pages/analytics/margin-rates-page')) },
  { path: '/tasks', label: { zh: '走访任务', en: 'Field tasks' }, icon: <ScheduleOutlined />, roles: ['branch_executor'], page: lazy(() => import('./pages/tasks/task-board-page')) },
  { path: '/evaluation-reports', label: { zh: '评估报告', en: 'Evaluation reports' }, icon: <SolutionOutlined />, roles: REPORT_READERS, page: lazy(() => import('./pages/evaluation-reports/evaluation-reports-page')) },
  { path: '/evaluation-reports/:id', menuKey: '/evaluation-reports', roles: REPORT_READERS, page: lazy(() => import('./pages/evaluation-reports/evaluation-report-page')) },
  { path: '/campaigns/:id/evaluation-reports', menuKey: '/evaluation-reports', roles: REPORT_READERS, page: lazy(() => import('./pages/evaluation-reports/reports-side-by-side-page')) },
  { path: '/calls', label: { zh: '坐席工作台', en: 'Call desk' }, icon: <PhoneOutlined />, roles: ['call_agent'], page: lazy(() => import('./pages/calls/call-workspace-page')) },
  { path: '/dead-letters', label: { zh: '发送失败待处理', en: 'Dead letters' }, icon: <WarningOutlined />, roles: ['channel_manager', 'admin'], page: lazy(() => import('./pages/dead-letters/dead-letters-page')) },
  { path: '/leads', label: { zh: '网站线索', en: 'Web leads' }, icon: <FlagOutlined />, roles: ['branch_executor', 'channel_manager'], page: lazy(() => import('./pages/leads/leads-page')) },
  { path: '/templates', label: { zh: '消息模板', en: 'Templates' }, icon: <MailOutlined />, roles: ['channel_manager', 'campaign_manager', 'reviewer', 'analyst', 'branch_executor', 'admin'], page: lazy(() => import('./pages/templates/templates-page')) },
  { path: '/templates/new', menuKey: '/templates', roles: ['channel_manager', 'admin'], page: lazy(() => import('./pages/templates/template-editor-page')) },
  { path: '/templates/:id', menuKey: '/templates', roles: ['channel_manager', 'campaign_manager', 'reviewer', 'analyst', 'branch_executor', 'admin'], page: lazy(() => import('./pages/templates/template-editor-page')) },
  { path: '/evaluation-forms', label: { zh: '评估表', en: 'Evaluation forms' }, icon: <FileDoneOutlined />, roles: CAMPAIGN_READERS, page: lazy(() => import('./pages/evaluation-forms/evaluation-forms-page')) },
  { path: '/evaluation-forms/:id', menuKey: '/evaluation-forms', roles: CAMPAIGN_READERS, page: lazy(() => import('./pages/evaluation-forms/evaluation-form-page')) },
  { path: '/org-units', label: { zh: '机构', en: 'Org units' }, icon: <ApartmentOutlined />, roles: ['admin'], page: lazy(() => import('./pages/org-units/org-units-page')) },
  { path: '/products', label: { zh: '产品目录', en: 'Products' }, icon: <AppstoreOutlined />, roles: ['admin'], page: lazy(() => import('./pages/products/products-page')) },
  { path: '/notifications', page: lazy(() => import('./pages/notifications/notifications-page')) },
  { path: '/users', label: { zh: '用户', en: 'Users' }, icon: <UserOutlined />, roles: ['admin'], page: lazy(() => import('./pages/users/users-page')) },
];

export function routeAllowed(route: AppRoute, roles: readonly RoleName[]): boolean {
  return !route.roles || route.roles.some((role) => roles.includes(role));
}
