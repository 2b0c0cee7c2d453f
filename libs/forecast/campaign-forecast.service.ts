import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignService } from '@lib/campaigns';
import { stepDays } from '@lib/campaigns/step-days';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import { Fen, formatYuan, NotFoundError, parseYuan, ValidationError } from '@lib/common';
import type { FieldProblem } from '@lib/common';
import { ContactEligibility, ContactPolicyService, ExclusionReason } from '@lib/contact-rules';
import { SegmentService } from '@lib/segments';
import { blendWithPrior, FORECAST_PRIORS, PRIOR_PREMIUM_PER_CONVERSION_FEN } from './forecast-priors';
import type { CampaignObjective } from '@lib/campaigns/campaign-status';
import type { ForecastInput, ForecastRate, ForecastResult, PremiumSource, StepForecast } from './forecast.view';

/** Contacts are checked against the rules as if made at this local hour of the start date, outside any quiet hours. */
const CHECK_HOUR_LOCAL = 10;

/** Memory for the forecast's one statement: a province's customers group in memory instead of spilling to disk. */
const FORECAST_WORK_MEM = '256MB';

interface StepPlan {
  position: number;
  channel: StepChannel;
  days: number;
  costFen: Fen;
  dailyCapacity: number | null;
  branchIds: number[];
}

interface AudienceCounts {
  audience: number;
  contactable: number;
  perStep: number[];
  excluded: { channel: StepChannel; reason: ExclusionReason; count: number }[];
}

/**
 * What a plan will reach, cost and return, before it is submitted: the audience after
 * excludes, contact rules, consent and higher-priority campaigns (ContactEligibility),
 * contacts per step within capacity and budget, and expected responses, conversions
 * and premium from past campaigns of the same objective and channel, blended with
 * documented priors while history is thin (docs/forecast.md). The audience work is one
 * statement over the whole audience, never a loop over customers.
 */
@Injectable()
export class CampaignForecast {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly segments: SegmentService,
    private readonly policies: ContactPolicyService,
    private readonly eligibility: ContactEligibility,
    private readonly campaigns: CampaignService,
  ) {}

  /** The forecast of a saved campaign: the revision being drafted or reviewed, else the plan in force. */
  async forecastOf(scope: OrgScope, campaignId: number): Promise<ForecastResult> {
    const campaign = await this.campaigns.get(scope, campaignId);
    const plan = campaign.open ?? campaign.approved;
    if (!plan) throw new NotFoundError('campaign_revision', campaignId);
    return this.forecast(scope, { ...plan, campaignId });
  }

  async forecast(scope: OrgScope, input: ForecastInput): Promise<ForecastResult> {
    const plan = readPlan(input);
    const { steps, budgetFen, controlSharePct } = plan;
    // Independent statements on connections of their own: the audience's one does not wait for the others.
    const [counts, rates, premiumPerConversion] = await Promise.all([
      this.countAudience(scope, { ...plan, campaignId: input.campaignId ?? null, priority: input.priority ?? 0 }, steps),
      this.pastRates(input.objective),
      this.premiumPerConversion(scope, input.bundleId ?? null),
    ]);

    let budgetLeft = budgetFen ?? Number.MAX_SAFE_INTEGER;
    const control = Math.round((counts.contactable * controlSharePct) / 100);
    const stepForecasts: StepForecast[] = steps.map((step, i) => {
      const contactable = counts.perStep[i];
      const treatment = contactable - Math.round((contactable * controlSharePct) / 100);
      const capacity = step.dailyCapacity === null ? null : step.dailyCapacity * step.days * step.branchIds.length;
      const affordable = step.costFen > 0 ? Math.floor(budgetLeft / step.costFen) : Number.MAX_SAFE_INTEGER;
      const contacts = Math.min(treatment, capacity ?? treatment, affordable);
      const limitedBy = contacts === treatment ? 'audience' : contacts === capacity ? 'capacity' : 'budget';
      const costFen = contacts * step.costFen;
      budgetLeft -= costFen;
      const responseRate = rateOf(input.objective, step.channel, 'response', rates);
      const conversionRate = rateOf(input.objective, step.channel, 'conversion', rates);
      const conversions = Math.round(contacts * conversionRate.rate);
      return {
        position: step.position,
        channel: step.channel,
        contactable,
        treatment,
        days: step.days,
        capacity,
        contacts,
        limitedBy,
        cost: formatYuan(costFen),
        responseRate,
        conversionRate,
        responses: Math.round(contacts * responseRate.rate),
        conversions,
        premium: formatYuan(conversions * premiumPerConversion.fen),
      };
    });

    const costFen = stepForecasts.reduce((sum, s) => sum + (parseYuan(s.cost) ?? 0), 0);
    const conversions = stepForecasts.reduce((sum, s) => sum + s.conversions, 0);
    const premiumFen = conversions * premiumPerConversion.fen;
    return {
      audience: counts.audience,
      contactable: counts.contactable,
      control,
      excluded: counts.excluded,
      steps: stepForecasts,
      contacts: stepForecasts.reduce((sum, s) => sum + s.contacts, 0),
      cost: formatYuan(costFen),
      responses: stepForecasts.reduce((sum, s) => sum + s.responses, 0),
      conversions,
      premium: formatYuan(premiumFen),
      premiumPerConversion: { amount: formatYuan(premiumPerConversion.fen), source: premiumPerConversion.source },
      roi: costFen > 0 ? Math.round(((premiumFen - costFen) / costFen) * 100) / 100 : null,
      breakEvenConversions: costFen > 0 && premiumPerConversion.fen > 0 ? Math.ceil(costFen / premiumPerConversion.fen) : null,
      budget: budgetFen === null ? null : formatYuan(budgetFen),
      budgetSuffices: budgetFen === null ? null : costFen <= budgetFen && stepForecasts.every((s) => s.limitedBy !== 'budget'),
    };
  }

  /** One statement: the audience, who of it is contactable on each step's channel in the step's branches, and why the others are not. */
  private async countAudience(scope: OrgScope, input: ReadPlan & { campaignId: number | null; priority: number }, steps: StepPlan[]): Promise<AudienceCounts> {
    const audience = await this.segments.campaignAudience(scope, input);
    const channels = [...new Set(steps.map((s) => s.channel))];
    if (channels.length === 0) {
      const [row] = await this.dataSource.query(`SELECT count(DISTINCT customer_id)::int AS n FROM (${audience.sql}) a`, audience.params);
      return { audience: row.n, contactable: 0, perStep: [], excluded: [] };
    }
    const decisions = this.eligibility.decisionsByCustomer(scope, audience, await this.policies.loadDefault(), {
      channels,
      at: localTime(input.startDate, CHECK_HOUR_LOCAL),
      purpose: input.objective === 'retention' ? 'renewal' : 'sales',
      campaignId: input.campaignId ?? undefined,
      priority: input.priority,
    });
    // Customers alike in their unit and in every channel's decision form one group; the
    // figures are sums over the groups, a few hundred rows however large the audience.
    const reasons = channels.map((_, i) => `w.reason_${i}`);
    const groups: { org_unit_id: number; ancestors: number[]; reasons: (ExclusionReason | null)[]; n: number }[] = await this.dataSource.transaction(
      async (manager) => {
        await manager.query(`SET LOCAL work_mem = '${FORECAST_WORK_MEM}'`);
        // The planner overestimates this statement by orders of magnitude and would spend close to a
        // second compiling it (JIT with optimisation) to save less than that in running it.
        await manager.query('SET LOCAL jit = off');
        return manager.query(
          `SELECT g.org_unit_id, string_to_array(trim(both '/' from u.path), '/')::int[] AS ancestors, g.reasons, g.n
             FROM (SELECT w.org_unit_id, ARRAY[${reasons.join(', ')}]::text[] AS reasons, count(*)::int AS n
                     FROM (${decisions.sql}) w GROUP BY w.org_unit_id, ${reasons.join(', ')}) g
             JOIN org_units u ON u.id = g.org_unit_id`,
          decisions.params,
        );
      },
    );
    const counts: AudienceCounts = { audience: 0, contactable: 0, perStep: steps.map(() => 0), excluded: [] };
    const excluded = new Map<string, { channel: StepChannel; reason: ExclusionReason; count: number }>();
    for (const group of groups) {
      counts.audience += group.n;
      if (group.reasons.some((why) => why === null)) counts.contactable += group.n;
      steps.forEach((step, i) => {
        const open = group.reasons[channels.indexOf(step.channel)] === null;
        if (open && step.branchIds.some((id) => group.ancestors.includes(id))) counts.perStep[i] += group.n;
      });
      group.reasons.forEach((why, i) => {
        if (why === null) return;
        const key = `${channels[i]}:${why}`;
        const entry = excluded.get(key) ?? { channel: channels[i], reason: why, count: 0 };
        entry.count += group.n;
        excluded.set(key, entry);
      });
    }
    counts.excluded = [...excluded.values()].sort((x, y) => x.channel.localeCompare(y.channel) || y.count - x.count);
    return counts;
  }

  /** Contacts, responses and conversions of completed campaigns with this objective, per channel. */
  private async pastRates(objective: CampaignObjective): Promise<Map<string, { contacts: number; responses: number; conversions: number }>> {
    const rows: { channel: string; contacts: number; responses: number; conversions: number }[] = await this.dataSource.query(
      `SELECT k.channel, count(*)::int AS contacts, count(k.responded_at)::int AS responses, count(k.converted_at)::int AS conversions
         FROM contacts k
         JOIN campaigns c ON c.id = k.campaign_id
         JOIN campaign_revisions r ON r.id = c.approved_revision_id
        WHERE c.status IN ('completed', 'closed') AND r.objective = $1 AND k.status NOT IN ('planned', 'failed')
        GROUP BY k.channel`,
      [objective],
    );
    return new Map(rows.map((r) => [r.channel, r]));
  }

  /** The bundle's price; else the average premium of policies written in the scope in the last year; else the prior. */
  private async premiumPerConversion(scope: OrgScope, bundleId: number | null): Promise<{ fen: Fen; source: PremiumSource }> {
    if (bundleId !== null) {
      const [bundle] = await this.dataSource.query(`SELECT round(price * 100)::bigint AS fen FROM bundles WHERE id = $1`, [bundleId]);
      if (!bundle) throw new ValidationError([{ field: 'bundleId', code: 'campaign_bundle_unknown', params: { id: bundleId } }]);
      return { fen: Number(bundle.fen), source: 'bundle' };
    }
    const [written] = await this.dataSource.query(
      `SELECT round(avg(p.premium) * 100)::bigint AS fen FROM policies p
        WHERE p.start_date > now() - interval '1 year' AND ${scope.unitCondition('p.org_unit_id', 1)}`,
      [scope.pathPattern],
    );
    if (written?.fen) return { fen: Number(written.fen), source: 'policies' };
    return { fen: PRIOR_PREMIUM_PER_CONVERSION_FEN, source: 'prior' };
  }
}

/** The plan with what a forecast needs filled in; every part it lacks or gets wrong, listed by field. */
interface ReadPlan {
  objective: CampaignObjective;
  startDate: string;
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
  branchIds: number[];
  controlSharePct: number;
  budgetFen: Fen | null;
  steps: StepPlan[];
}

const DEFAULT_CONTROL_SHARE_PCT = 10;

function readPlan(input: ForecastInput): ReadPlan {
  const problems: FieldProblem[] = [];
  const required = (field: string, present: boolean) => present || problems.push({ field, code: 'required' });
  required('startDate', Boolean(input.startDate));
  required('endDate', Boolean(input.endDate));
  required('includeSegmentIds', Boolean(input.includeSegmentIds?.length));
  required('branchIds', Boolean(input.branchIds?.length));
  const startDate = input.startDate ?? '';
  const endDate = input.endDate ?? '';
  if (startDate && endDate && endDate < startDate) problems.push({ field: 'endDate', code: 'campaign_end_before_start' });
  const controlSharePct = input.controlSharePct ?? DEFAULT_CONTROL_SHARE_PCT;
  if (controlSharePct < 0 || controlSharePct > 50) problems.push({ field: 'controlSharePct', code: 'campaign_control_share_range', params: { max: 50 } });
  const budgetFen = input.budget === undefined || input.budget === null ? null : parseYuan(input.budget);
  if (budgetFen === null && input.budget) problems.push({ field: 'budget', code: 'not_yuan' });
  const branchIds = input.branchIds ?? [];
  const steps = (input.steps ?? []).map((step, i): StepPlan => {
    const costFen = parseYuan(step.costPerContact ?? '0');
    if (costFen === null || costFen < 0) {
      problems.push({ field: `steps.${i}.costPerContact`, code: 'not_yuan' });
    }
    const covered = step.branchIds?.length ? step.branchIds : branchIds;
    for (const id of covered.filter((unit) => !branchIds.includes(unit))) {
      problems.push({ field: `steps.${i}.branchIds`, code: 'campaign_branch_not_participating', params: { id } });
    }
    const days = startDate && endDate
      ? stepDays(startDate, endDate, {
          startOffsetDays: step.startOffsetDays ?? (step.startDate ? null : 0),
          startDate: step.startDate ?? null,
          daysOfWeek: step.daysOfWeek?.length ? step.daysOfWeek : [1, 2, 3, 4, 5, 6, 7],
        }).length
      : 0;
    return { position: i + 1, channel: step.channel, days, costFen: costFen ?? 0, dailyCapacity: step.dailyCapacity ?? null, branchIds: covered };
  });
  if (problems.length) throw new ValidationError(problems);
  return {
    objective: input.objective,
    startDate,
    includeSegmentIds: input.includeSegmentIds ?? [],
    excludeSegmentIds: input.excludeSegmentIds ?? [],
    branchIds,
    controlSharePct,
    budgetFen,
    steps,
  };
}

function rateOf(
  objective: CampaignObjective,
  channel: StepChannel,
  kind: 'response' | 'conversion',
  history: Map<string, { contacts: number; responses: number; conversions: number }>,
): ForecastRate {
  const prior = FORECAST_PRIORS[objective][channel][kind];
  const seen = history.get(channel);
  if (!seen || seen.contacts === 0) return { rate: prior, source: 'prior', observedContacts: 0 };
  const successes = kind === 'response' ? seen.responses : seen.conversions;
  return { rate: round4(blendWithPrior(prior, successes, seen.contacts)), source: 'history', observedContacts: seen.contacts };
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The instant of a local (Asia/Shanghai, UTC+8 all year) hour on a date. */
function localTime(date: string, hour: number): Date {
  return new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
}
