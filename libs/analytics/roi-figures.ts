import { Fen, formatYuan, parseYuan } from '@lib/common';
import type { CampaignFigures, CampaignLift, GroupFigures, KpiAttainment } from './campaign-roi.view';
import { liftOf } from './lift-statistics';

/** Sums of one line of the rollups as PostgreSQL answers them (numeric as text). */
export interface FigureSums {
  contacts: number;
  delivered: number;
  responses: number;
  conversions: number;
  premium: string;
  margin: string;
  /** null where spend is not kept by the breakdown. */
  automatic: string | null;
  manual: string | null;
}

export interface GroupSums {
  members: number;
  responders: number;
  converters: number;
  conversions: number;
  premium: string;
}

export function fen(numeric: string | null | undefined): Fen {
  if (numeric === null || numeric === undefined) return 0;
  const value = parseYuan(numeric);
  if (value === null) throw new RangeError(`${numeric} is not an amount of money`);
  return value;
}

/** Yuan per unit, to the fen (half away from zero); null for no units. */
function perUnit(totalFen: Fen, units: number): string | null {
  return units > 0 ? formatYuan(Math.round(totalFen / units)) : null;
}

/** docs/roi.md: margin = premium × the product line's margin rate; ROI = (margin − spend) / spend. */
export function campaignFigures(sums: FigureSums): CampaignFigures {
  const marginFen = fen(sums.margin);
  const spend =
    sums.automatic === null || sums.manual === null
      ? null
      : { automatic: fen(sums.automatic), manual: fen(sums.manual) };
  const spendFen = spend === null ? null : spend.automatic + spend.manual;
  return {
    contacts: sums.contacts,
    delivered: sums.delivered,
    responses: sums.responses,
    conversions: sums.conversions,
    premiumWritten: formatYuan(fen(sums.premium)),
    margin: formatYuan(marginFen),
    spend: spend === null ? null : { automatic: formatYuan(spend.automatic), manual: formatYuan(spend.manual), total: formatYuan(spendFen as Fen) },
    roi: spendFen ? (marginFen - spendFen) / spendFen : null,
    costPerResponse: spendFen === null ? null : perUnit(spendFen, sums.responses),
    costPerConversion: spendFen === null ? null : perUnit(spendFen, sums.conversions),
  };
}

export function groupFigures(sums: GroupSums | undefined): GroupFigures {
  const members = sums?.members ?? 0;
  const responders = sums?.responders ?? 0;
  const converters = sums?.converters ?? 0;
  return {
    members,
    responders,
    converters,
    conversions: sums?.conversions ?? 0,
    premium: formatYuan(fen(sums?.premium)),
    responseRate: members > 0 ? responders / members : null,
    conversionRate: members > 0 ? converters / members : null,
  };
}

/** Treatment against control for conversion and response (libs/analytics/lift-statistics.ts). */
export function campaignLift(treatment: GroupFigures, control: GroupFigures, plannedControlSharePct: number): CampaignLift {
  return {
    conversion: liftOf({
      treatment: { members: treatment.members, outcomes: treatment.converters },
      control: { members: control.members, outcomes: control.converters },
      plannedControlSharePct,
      treatmentPremium: fen(treatment.premium) / 100,
    }),
    response: liftOf({
      treatment: { members: treatment.members, outcomes: treatment.responders },
      control: { members: control.members, outcomes: control.responders },
      plannedControlSharePct,
    }),
  };
}

export interface KpiTargets {
  target_contacts: number | null;
  target_response_rate_pct: string | null;
  target_conversions: number | null;
  target_premium: string | null;
}

/** The plan's targets against the treatment figures; the response rate is responders over members (docs/figures.md). */
export function kpiAttainment(targets: KpiTargets, figures: CampaignFigures, treatment: GroupFigures): KpiAttainment[] {
  const ratio = (actual: number, target: number | null) => (target ? actual / target : null);
  const responseTarget = targets.target_response_rate_pct === null ? null : Number(targets.target_response_rate_pct) / 100;
  const premiumTarget = targets.target_premium === null ? null : fen(targets.target_premium);
  return [
    { figure: 'contacts', target: targets.target_contacts?.toString() ?? null, actual: String(figures.contacts), attainment: ratio(figures.contacts, targets.target_contacts) },
    {
      figure: 'response_rate',
      target: responseTarget?.toString() ?? null,
      actual: String(treatment.responseRate ?? 0),
      attainment: ratio(treatment.responseRate ?? 0, responseTarget),
    },
    { figure: 'conversions', target: targets.target_conversions?.toString() ?? null, actual: String(figures.conversions), attainment: ratio(figures.conversions, targets.target_conversions) },
    {
      figure: 'premium',
      target: premiumTarget === null ? null : formatYuan(premiumTarget),
      actual: figures.premiumWritten,
      attainment: ratio(fen(figures.premiumWritten), premiumTarget),
    },
  ];
}

/** The mean attainment of the KPIs the plan sets. */
export function meanAttainment(kpis: KpiAttainment[]): number | null {
  const set = kpis.map((kpi) => kpi.attainment).filter((value): value is number => value !== null);
  return set.length ? set.reduce((sum, value) => sum + value, 0) / set.length : null;
}
