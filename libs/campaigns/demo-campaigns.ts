import { DataSource } from 'typeorm';
import { AuthUser, OrgScope, Role } from '@lib/auth';
import { DomainError } from '@lib/common';
import type { RuleNode } from '@lib/segments';
import { SegmentService } from '@lib/segments';
import { CampaignAudit } from './campaign-audit.service';
import type { CampaignMove } from './campaign-life-cycle';
import { CampaignMoves } from './campaign-moves.service';
import type { CreateCampaignBody, StepBody } from './campaign.dto';
import { CampaignService } from './campaign.service';
import type { CampaignObjective } from './campaign-status';
import { addDays } from './plan-dates';

/** The services the demo goes through, as the API does, so that budgets, capacity, audit and notices follow. */
export interface DemoCampaignServices {
  segments: SegmentService;
  campaigns: CampaignService;
  moves: CampaignMoves;
  /**
   * Launches a scheduled campaign as of a moment (dispatch's launch, handed in by the
   * loader: campaigns cannot import dispatch). Without it the demo sets started
   * campaigns running without an audience or contacts.
   */
  launch?: (campaignId: number, asOf: Date, finished: boolean) => Promise<void>;
}

interface DemoSegment {
  key: string;
  name: string;
  description: string;
  rule: RuleNode;
}

const SEGMENTS: DemoSegment[] = [
  {
    key: 'motorNoHome', name: '车险客户未投保家财险', description: '持有商业车险、没有家财险的客户：家财险交叉销售的主力人群',
    rule: { type: 'group', op: 'all', children: [
      { type: 'condition', field: 'holds_line', operator: 'has', value: 'motor_commercial' },
      { type: 'condition', field: 'holds_line', operator: 'lacks', value: 'home' },
    ] },
  },
  {
    key: 'renewal', name: '车险 60 天内到期', description: '商业车险保单将在 60 天内到期，续保提醒',
    rule: { type: 'condition', field: 'policy_expiring', operator: 'within_days', value: 60, params: { line: 'motor_commercial' } },
  },
  {
    key: 'lapsed', name: '无有效保单的老客户', description: '曾投保、现无有效保单的客户：赢回对象',
    rule: { type: 'group', op: 'all', children: [
      { type: 'condition', field: 'active_policy_count', operator: '=', value: 0 },
      { type: 'condition', field: 'tenure_years', operator: '>=', value: 1 },
    ] },
  },
  {
    key: 'gold', name: '金牌客户', description: '价值等级为金牌的客户：转介绍活动邀请对象',
    rule: { type: 'condition', field: 'value_tier', operator: '=', value: 'gold' },
  },
  {
    key: 'doNotServe', name: '不服务客户', description: '价值等级为不服务的客户，各活动排除',
    rule: { type: 'condition', field: 'value_tier', operator: '=', value: 'do_not_serve' },
  },
];

/** Where a demo campaign ends up; the moves to get there are made through CampaignMoves. */
type DemoState = 'draft' | 'submitted' | 'returned' | 'approved' | 'scheduled' | 'running' | 'paused' | 'completed' | 'closed' | 'cancelled';

/**
 * Stands for the launch, which belongs to dispatch: the demo sets its campaigns that
 * have started running without freezing an audience or making contacts.
 */
const STARTED = 'started';

const MOVES_TO: Record<DemoState, (CampaignMove | typeof STARTED)[]> = {
  draft: [],
  submitted: ['submit'],
  returned: ['submit', 'return'],
  approved: ['submit', 'approve'],
  scheduled: ['submit', 'approve', 'schedule'],
  running: ['submit', 'approve', 'schedule', STARTED],
  paused: ['submit', 'approve', 'schedule', STARTED, 'pause'],
  completed: ['submit', 'approve', 'schedule', STARTED, 'complete'],
  closed: ['submit', 'approve', 'schedule', STARTED, 'complete', 'close'],
  cancelled: ['submit', 'approve', 'cancel'],
};

/** Reviewers' moves; the owner makes the others. */
const REVIEWER_MOVES: readonly CampaignMove[] = ['approve', 'return', 'close'];

interface DemoCampaign {
  name: string;
  objective: CampaignObjective;
  state: DemoState;
  owner: 'province' | 'nanjing';
  /** Days from the reference date to the start and the end. */
  from: number;
  to: number;
  include: string[];
  exclude?: string[];
  bundleCode?: string;
  budget: string;
  /** Participating branches by unit code. */
  branches: string[];
  steps: (Omit<StepBody, 'branchIds'> & { branches?: string[] })[];
  kpi: { contacts: number; responseRatePct: number; conversions: number; premium: string };
  /** Evaluation checkpoints, in days from the reference date (kept within the period, and not after the reference date). */
  checkpoints?: number[];
  /** Days the branches have to file a report. */
  dueDays?: number;
  /** An incomplete draft leaves its plan half-written. */
  incomplete?: boolean;
}

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const email = (templateRef: string, offset = 0): DemoCampaign['steps'][number] => ({
  channel: 'email', templateRef, startOffsetDays: offset, daysOfWeek: ALL_DAYS, windowStart: '09:00', windowEnd: '20:00',
  costPerContact: '0.05', dailyCapacity: 5000,
});
/** The running campaign's email: all day and a few hundred a day, so whoever tries the demo finds its mail in the mail catcher. */
const emailNow = (templateRef: string): DemoCampaign['steps'][number] => ({
  channel: 'email', templateRef, startOffsetDays: 0, daysOfWeek: ALL_DAYS, costPerContact: '0.05', dailyCapacity: 300,
});
const call = (templateRef: string, offset: number, branches: string[]): DemoCampaign['steps'][number] => ({
  channel: 'phone', templateRef, startOffsetDays: offset, daysOfWeek: ALL_DAYS, windowStart: '09:00', windowEnd: '18:00',
  costPerContact: '3.50', dailyCapacity: 60, branches,
});
const web = (templateRef: string): DemoCampaign['steps'][number] => ({
  channel: 'web', templateRef, startOffsetDays: 0, daysOfWeek: ALL_DAYS, costPerContact: '0.02', dailyCapacity: 20000,
});
/** The running campaign's visits: every day, a few per county, so the branch board has tasks whenever the demo is tried. */
const visitNow = (templateRef: string, branches: string[]): DemoCampaign['steps'][number] => ({
  channel: 'agent_visit', templateRef, startOffsetDays: 0, daysOfWeek: ALL_DAYS, costPerContact: '30.00', dailyCapacity: 4, branches,
});
const visit = (templateRef: string, offset: number, branches: string[]): DemoCampaign['steps'][number] => ({
  channel: 'agent_visit', templateRef, startOffsetDays: offset, daysOfWeek: [1, 2, 3, 4, 5, 6], windowStart: '09:00', windowEnd: '17:00',
  costPerContact: '30.00', dailyCapacity: 4, branches,
});

/** Thirteen campaigns in every state across the year around the reference date. */
const CAMPAIGNS: DemoCampaign[] = [
  {
    name: '春季车险客户家财险交叉销售', objective: 'cross_sell', state: 'closed', owner: 'province', from: -260, to: -200,
    include: ['motorNoHome'], exclude: ['doNotServe'], bundleCode: 'MOTOR_HOME', budget: '180000.00', branches: ['JS01', 'JS05'],
    steps: [email('email-motor-home'), call('call-motor-home', 7, ['JS01', 'JS05'])],
    kpi: { contacts: 20000, responseRatePct: 4, conversions: 600, premium: '480000.00' },
  },
  {
    name: '五一出行意外险推荐', objective: 'cross_sell', state: 'completed', owner: 'province', from: -210, to: -180,
    include: ['motorNoHome'], bundleCode: 'DRIVER_ACCIDENT', budget: '60000.00', branches: ['JS02', 'JS03'],
    steps: [email('email-driver-accident'), web('web-driver-accident')],
    kpi: { contacts: 15000, responseRatePct: 3, conversions: 300, premium: '90000.00' },
  },
  {
    name: '夏季车险续保提醒', objective: 'retention', state: 'completed', owner: 'province', from: -150, to: -90,
    include: ['renewal'], exclude: ['doNotServe'], bundleCode: 'RENEWAL_GIFT', budget: '240000.00', branches: ['JS01', 'JS05', 'JS06'],
    steps: [email('email-renewal'), call('call-renewal', 3, ['JS01', 'JS05', 'JS06'])],
    kpi: { contacts: 30000, responseRatePct: 12, conversions: 3000, premium: '9000000.00' },
  },
  {
    name: '冬季车险续保关怀', objective: 'retention', state: 'running', owner: 'province', from: -20, to: 25,
    include: ['renewal'], exclude: ['doNotServe'], bundleCode: 'RENEWAL_GIFT', budget: '300000.00', branches: ['JS01', 'JS05', 'JS0108', 'JS0105'],
    // The web step gives the demo site (GET /demo/site) a running offer to show; the visits give Jiangning's and Pukou's boards their tasks.
    steps: [
      emailNow('email-renewal-winter'), call('call-renewal-winter', 2, ['JS01', 'JS05']), web('retention'), visitNow('retention', ['JS0108', 'JS0105']),
    ],
    kpi: { contacts: 25000, responseRatePct: 12, conversions: 2500, premium: '7500000.00' },
    // A checkpoint last week: each of its branches has a report to fill, due in a few days.
    checkpoints: [-6], dueDays: 10,
  },
  {
    name: '江宁浦口家财险上门服务', objective: 'cross_sell', state: 'paused', owner: 'province', from: -10, to: 30,
    include: ['motorNoHome'], bundleCode: 'MOTOR_HOME', budget: '90000.00', branches: ['JS0108', 'JS0105'],
    steps: [email('email-home-visit'), visit('visit-home-check', 5, ['JS0108', 'JS0105'])],
    kpi: { contacts: 3000, responseRatePct: 8, conversions: 150, premium: '120000.00' },
  },
  {
    name: '年末家庭健康保障计划', objective: 'cross_sell', state: 'scheduled', owner: 'province', from: 7, to: 28,
    include: ['motorNoHome'], exclude: ['doNotServe'], bundleCode: 'FAMILY_HEALTH', budget: '150000.00', branches: ['JS01', 'JS02', 'JS05'],
    steps: [email('email-family-health'), web('web-family-health')],
    kpi: { contacts: 40000, responseRatePct: 2.5, conversions: 500, premium: '600000.00' },
  },
  {
    name: '老客户赢回计划', objective: 'win_back', state: 'approved', owner: 'province', from: 14, to: 29,
    include: ['lapsed'], exclude: ['doNotServe'], budget: '80000.00', branches: ['JS01', 'JS05'],
    steps: [email('email-win-back'), call('call-win-back', 3, ['JS01'])],
    kpi: { contacts: 8000, responseRatePct: 5, conversions: 200, premium: '300000.00' },
  },
  {
    name: '金牌客户转介绍有礼', objective: 'referral', state: 'submitted', owner: 'province', from: 10, to: 29,
    include: ['gold'], budget: '120000.00', branches: ['JS01', 'JS05', 'JS06'],
    steps: [email('email-referral'), web('web-referral')],
    kpi: { contacts: 5000, responseRatePct: 6, conversions: 400, premium: '400000.00' },
  },
  {
    name: '车险客户意外险加保', objective: 'cross_sell', state: 'returned', owner: 'province', from: 12, to: 29,
    include: ['motorNoHome'], bundleCode: 'DRIVER_ACCIDENT', budget: '450000.00', branches: ['JS02', 'JS03', 'JS04'],
    steps: [email('email-accident-addon'), call('call-accident-addon', 2, ['JS02'])],
    kpi: { contacts: 18000, responseRatePct: 3, conversions: 360, premium: '150000.00' },
  },
  {
    // Nanjing's own: reviewed by Nanjing's reviewer, its counties' reports waiting for them.
    name: '南京秋季家财险邮件推荐', objective: 'cross_sell', state: 'completed', owner: 'nanjing', from: -80, to: -50,
    include: ['motorNoHome'], exclude: ['doNotServe'], bundleCode: 'MOTOR_HOME', budget: '30000.00', branches: ['JS0108', 'JS0105'],
    steps: [email('email-home-visit')],
    kpi: { contacts: 3000, responseRatePct: 4, conversions: 60, premium: '48000.00' },
  },
  {
    name: '秋季理赔客户关怀（已取消）', objective: 'retention', state: 'cancelled', owner: 'province', from: -60, to: -30,
    include: ['renewal'], budget: '50000.00', branches: ['JS05'],
    steps: [email('email-claims-care')],
    kpi: { contacts: 4000, responseRatePct: 5, conversions: 100, premium: '80000.00' },
  },
  {
    name: '南京家财险新春活动', objective: 'cross_sell', state: 'draft', owner: 'nanjing', from: 20, to: 29,
    include: ['motorNoHome'], exclude: ['doNotServe'], bundleCode: 'MOTOR_HOME', budget: '40000.00', branches: ['JS0108', 'JS0105'],
    steps: [email('email-nanjing-home')],
    kpi: { contacts: 6000, responseRatePct: 4, conversions: 120, premium: '90000.00' },
  },
  {
    name: '明年开门红预热（草稿）', objective: 'retention', state: 'draft', owner: 'province', from: 25, to: 29,
    include: [], budget: '0.00', branches: [], steps: [], incomplete: true,
    kpi: { contacts: 0, responseRatePct: 0, conversions: 0, premium: '0.00' },
  },
];

/**
 * The demo's segments and thirteen campaigns in every state, made by the demo's campaign
 * managers and approved by its reviewers (Nanjing's own by Nanjing's) through the same
 * services as the API (so approvals reserve budget, book capacity, write the audit trail
 * and the notices).
 * Dates lie around the reference date but within its year, whose budget pools the
 * demo opens. Does nothing and returns 0 when campaigns exist already.
 */
export async function seedDemoCampaigns(dataSource: DataSource, services: DemoCampaignServices, referenceDate: string): Promise<number> {
  const [{ exists }] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM campaigns) AS exists');
  if (exists) return 0;
  const users = await demoActors(dataSource);
  if (!users) return 0;
  const segmentIds = new Map<string, number>();
  for (const segment of SEGMENTS) {
    const created = await services.segments.create(users.segmentManager.scope, users.segmentManager.id, {
      name: segment.name, description: segment.description, kind: 'dynamic', rule: segment.rule,
    });
    segmentIds.set(segment.key, created.id);
  }
  const units = new Map<string, number>(
    (await dataSource.query('SELECT code, id FROM org_units')).map((row: { code: string; id: number }) => [row.code, row.id]),
  );
  const bundles = new Map<string, number>(
    (await dataSource.query('SELECT code, id FROM bundles')).map((row: { code: string; id: number }) => [row.code, row.id]),
  );
  const year = referenceDate.slice(0, 4);
  const inYear = (days: number) => clamp(addDays(referenceDate, days), `${year}-01-01`, `${year}-12-31`);
  for (const demo of CAMPAIGNS) {
    const owner = demo.owner === 'province' ? users.provincePlanner : users.nanjingPlanner;
    const idsOf = (codes: string[]) => codes.map((code) => units.get(code)).filter((id): id is number => id !== undefined);
    const startDate = inYear(demo.from);
    const endDate = inYear(demo.to);
    const span = daysBetween(startDate, endDate);
    const plan: CreateCampaignBody = demo.incomplete
      ? { name: demo.name, objective: demo.objective, startDate }
      : {
          name: demo.name,
          objective: demo.objective,
          description: `演示活动：${demo.name}`,
          startDate,
          endDate,
          includeSegmentIds: demo.include.map((key) => segmentIds.get(key)!),
          excludeSegmentIds: (demo.exclude ?? []).map((key) => segmentIds.get(key)!),
          bundleId: demo.bundleCode ? bundles.get(demo.bundleCode) ?? null : null,
          controlSharePct: 10,
          priority: demo.objective === 'retention' ? 5 : 3,
          kpiTargets: demo.kpi,
          // The demo's standard evaluation form (libs/evaluation/forms), published before the campaigns are seeded.
          evaluationFormRef: 'standard_evaluation',
          evaluationCheckpoints: (demo.checkpoints ?? []).map((days) => clamp(inYear(days), startDate, referenceDate)),
          evaluationDueDays: demo.dueDays ?? null,
          budget: demo.budget,
          branchIds: idsOf(demo.branches),
          steps: demo.steps.map(({ branches, ...step }) => ({
            ...step,
            // A short period (near the year's end) moves later steps up, so every step starts within it.
            startOffsetDays: Math.min(step.startOffsetDays ?? 0, span),
            branchIds: idsOf(branches ?? []),
          })),
        };
    const { id } = await services.campaigns.create(owner, plan);
    for (const move of MOVES_TO[demo.state]) {
      if (move === STARTED) {
        // A finished campaign is launched as of its start; a running or paused one at the last working morning, so that
        // a demo loaded at night does not leave out its calls and visits for the quiet hours of that moment.
        const finished = ['completed', 'closed'].includes(demo.state);
        const asOf = finished ? new Date(`${startDate}T00:00:00+08:00`) : lastWorkingMorning(new Date());
        await (services.launch ? services.launch(id, asOf, finished) : setRunning(dataSource, id));
        continue;
      }
      // Approval goes by level: a city's campaign within the city's threshold is approved by the city's reviewer.
      const reviewer = demo.owner === 'nanjing' ? users.nanjingReviewer : users.reviewer;
      const actor = REVIEWER_MOVES.includes(move) ? reviewer : owner;
      const comment = move === 'return' ? '预算偏高，请按上年同类活动的实际成本重新测算电话外呼部分' : undefined;
      const fieldComments = move === 'return' ? [{ field: 'budget', comment: '建议控制在 30 万元以内' }] : undefined;
      try {
        await services.moves.move(actor, id, move, { comment, fieldComments });
      } catch (error) {
        // With the evaluation reports loaded, the closed campaign waits for its reports: their last approval closes it (seedDemoReports).
        if (!(move === 'close' && error instanceof DomainError && ['campaign_reports_missing', 'campaign_reports_not_approved'].includes(error.code))) throw error;
      }
    }
  }
  return CAMPAIGNS.length;
}

/** 10:00 Beijing time today, or yesterday when it is not 10:00 yet. */
function lastWorkingMorning(now: Date): Date {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const morning = new Date(`${today}T10:00:00+08:00`);
  return morning <= now ? morning : new Date(morning.getTime() - 86_400_000);
}

/** A scheduled demo campaign set running, with the entry of its start in the audit trail; by the system, as a launch is. */
async function setRunning(dataSource: DataSource, campaignId: number): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`UPDATE campaigns SET status = 'running', updated_at = now() WHERE id = $1 AND status = 'scheduled'`, [campaignId]);
    await new CampaignAudit().record(manager, { campaignId, actorId: null, action: 'start', before: { status: 'scheduled' }, after: { status: 'running' } });
  });
}

interface DemoActors {
  provincePlanner: AuthUser;
  nanjingPlanner: AuthUser;
  segmentManager: AuthUser;
  reviewer: AuthUser;
  nanjingReviewer: AuthUser;
}

/** The demo users who plan, segment and review, as the API would see them logged in; null when the demo org is not loaded. */
async function demoActors(dataSource: DataSource): Promise<DemoActors | null> {
  const rows: {
    id: number; username: string; display_name: string; roles: Role[]; unit_id: number; unit_name: string; unit_name_en: string | null;
    level: number; path: string;
  }[] = await dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.roles, o.id AS unit_id, o.name AS unit_name, o.name_en AS unit_name_en, o.level, o.path
       FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = ANY($1)`,
      [['cm.province', 'cm.nanjing', 'sm.province', 'reviewer.province', 'reviewer.nanjing']],
    );
  const actor = (username: string): AuthUser | undefined => {
    const row = rows.find((r) => r.username === username);
    return row && {
      id: row.id, username: row.username, displayName: row.display_name, roles: row.roles, orgUnitId: row.unit_id,
      orgUnitName: row.unit_name, orgUnitNameEn: row.unit_name_en, orgLevel: row.level, scope: new OrgScope(row.unit_id, row.path),
    };
  };
  const [provincePlanner, nanjingPlanner, segmentManager, reviewer, nanjingReviewer] = [
    'cm.province', 'cm.nanjing', 'sm.province', 'reviewer.province', 'reviewer.nanjing',
  ].map(actor);
  if (!provincePlanner || !nanjingPlanner || !segmentManager || !reviewer || !nanjingReviewer) return null;
  return { provincePlanner, nanjingPlanner, segmentManager, reviewer, nanjingReviewer };
}

function clamp(date: string, min: string, max: string): string {
  return date < min ? min : date > max ? max : date;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
