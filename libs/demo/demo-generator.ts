import { FEMALE_GIVEN, MALE_GIVEN, NamePart, SURNAMES } from './chinese-names';
import { makeIdNumber } from './id-number';
import { JIANGSU_CITIES } from './jiangsu-org';
import { SeededRandom, WeightedChoice } from './seeded-random';

export interface DemoOptions {
  customers: number;
  /** Same seed and size give the same rows, byte for byte. */
  seed?: number;
  /** YYYY-MM-DD: "today" of the demo; policies started in the 12 months before it. */
  referenceDate?: string;
}

export const DEFAULT_DEMO_SEED = 42;

export type Channel = 'agent' | 'call_centre' | 'online' | 'bancassurance' | 'dealer' | 'direct';

export interface DemoClaim {
  claimNo: string;
  claimDate: string;
  amountCents: number;
  status: 'open' | 'paid' | 'rejected' | 'closed';
}

export interface DemoPolicy {
  policyNo: string;
  productCode: string;
  premiumCents: number;
  startDate: string;
  endDate: string;
  status: 'active' | 'expired' | 'cancelled';
  channel: Channel;
  claims: DemoClaim[];
}

export interface DemoCustomer {
  customerNo: string;
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  mobile: string;
  email: string | null;
  city: string;
  orgUnitCode: string;
  consentEmail: boolean;
  consentPhone: boolean;
  consentSms: boolean;
  consentAgentVisit: boolean;
  /** The day the customer asked not to be contacted; null when they did not. */
  doNotContactAt: string | null;
  policies: DemoPolicy[];
}

/** Shares of customers holding each line besides motor, as an insurer's personal book looks. */
const OTHER_LINES = [
  { code: 'JCX', share: 0.12 },
  { code: 'YWX', share: 0.15 },
  { code: 'JKX', share: 0.08 },
  { code: 'LYX', share: 0.03 },
  { code: 'ZRX', share: 0.02 },
] as const;

const MOTOR_SHARE = 0.85;
const COMPULSORY_WITH_MOTOR = 0.98;
const COMMERCIAL_WITH_COMPULSORY = 0.75;
const PREVIOUS_MOTOR_SHARE = 0.1;
/**
 * Years since a customer's first policy: half joined within the last two years, the
 * others over the fifteen before, fewer the longer ago (0 stands for "under two").
 */
const FIRST_POLICY_YEARS = new WeightedChoice(
  [
    [0, 50],
    [2, 9],
    [3, 8],
    [4, 7],
    [5, 6],
    [6, 5],
    [7, 4],
    [8, 4],
    [10, 3],
    [12, 2],
    [15, 2],
  ].map(([years, weight]) => ({ item: years, weight })),
);
const CANCELLED_SHARE = 0.015;

/** Premium range in yuan per product (JQX is a tariff: a base premium times a no-claims factor). */
const PREMIUM_RANGES: Record<string, [number, number]> = {
  SYX: [1500, 9000],
  JCX: [200, 1200],
  YWX: [100, 600],
  JKX: [300, 3000],
  LYX: [30, 200],
  ZRX: [100, 500],
};
const COMPULSORY_PREMIUMS = new WeightedChoice(
  [
    [665, 30],
    [760, 20],
    [855, 15],
    [950, 20],
    [1045, 10],
    [1100, 5],
  ].map(([yuan, weight]) => ({ item: yuan * 100, weight })),
);

const CLAIM_SHARES: Record<string, number> = { JQX: 0.12, SYX: 0.12, JCX: 0.04, JKX: 0.1, YWX: 0.03 };
const CLAIM_AMOUNTS: Record<string, [number, number]> = {
  JQX: [500, 30000],
  SYX: [500, 30000],
  JCX: [300, 20000],
  JKX: [200, 15000],
  YWX: [500, 20000],
};

function channels(weights: Record<Channel, number>): WeightedChoice<Channel> {
  return new WeightedChoice(Object.entries(weights).map(([item, weight]) => ({ item: item as Channel, weight })));
}
// Motor is sold mostly where cars are sold and by agents; other lines by agents, banks and online.
const MOTOR_CHANNELS = channels({ dealer: 32, agent: 28, online: 15, call_centre: 12, direct: 8, bancassurance: 5 });
const OTHER_CHANNELS = channels({ agent: 35, online: 20, bancassurance: 15, call_centre: 15, direct: 12, dealer: 3 });
const TRAVEL_CHANNELS = channels({ online: 60, agent: 15, call_centre: 10, direct: 10, bancassurance: 5, dealer: 0 });

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '180', '181', '182', '183', '186', '187', '188', '189'];
// Reserved example domains, so that a demo campaign can never mail a real person.
const EMAIL_DOMAINS = ['example.com', 'example.cn', 'example.net', 'example.org'];

const SURNAME_CHOICE = new WeightedChoice(SURNAMES.map((s) => ({ item: s as NamePart, weight: s.weight })));
const COUNTY_CHOICE = new WeightedChoice(
  JIANGSU_CITIES.flatMap((c) => {
    const cityTotal = c.counties.reduce((sum, county) => sum + county.weight, 0);
    return c.counties.map((county) => ({ item: { city: c, county }, weight: (c.weight * county.weight) / cityTotal }));
  }),
);

const DAY_MS = 86_400_000;
const FIRST_BIRTH_DAY = Date.UTC(1950, 0, 1) / DAY_MS;
const LAST_BIRTH_DAY = Date.UTC(2003, 11, 31) / DAY_MS;
const isoCache = new Map<number, string>();

/** Days since 1970-01-01 (UTC) of a YYYY-MM-DD date. */
export function dayNumber(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS : NaN;
  if (!Number.isInteger(day) || isoDateOf(day) !== isoDate) throw new Error(`not a YYYY-MM-DD date: ${isoDate}`);
  return day;
}

export function isoDateOf(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoCache.set(day, text);
  }
  return text;
}

/** The last day of a one-year policy starting on `startDay` (the day before the anniversary). */
function yearEnd(startDay: number): number {
  const start = new Date(startDay * DAY_MS);
  return Date.UTC(start.getUTCFullYear() + 1, start.getUTCMonth(), start.getUTCDate()) / DAY_MS - 1;
}

/** The start of the policy year that ends the day before `startDay`. */
function yearBefore(startDay: number): number {
  const start = new Date(startDay * DAY_MS);
  return Date.UTC(start.getUTCFullYear() - 1, start.getUTCMonth(), start.getUTCDate()) / DAY_MS;
}

export function todayIsoDate(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export function resolveDemoOptions(options: DemoOptions): Required<DemoOptions> {
  if (!Number.isInteger(options.customers) || options.customers < 0 || options.customers > 99_999_999) {
    throw new Error(`customers must be a whole number from 0 to 99,999,999, not ${options.customers}`);
  }
  const referenceDate = options.referenceDate ?? todayIsoDate();
  dayNumber(referenceDate);
  return { customers: options.customers, seed: options.seed ?? DEFAULT_DEMO_SEED, referenceDate };
}

/**
 * The demo customers with their policies and claims, one at a time, so that any
 * size streams in flat memory. Every sink (CSV files, COPY into the database) reads
 * this one generator, so they hold the same rows.
 */
export function* generateDemoCustomers(options: DemoOptions): Generator<DemoCustomer> {
  const { customers, seed, referenceDate } = resolveDemoOptions(options);
  const builder = new DemoRowBuilder(new SeededRandom(seed), dayNumber(referenceDate));
  for (let index = 1; index <= customers; index++) yield builder.customer(index);
}

class DemoRowBuilder {
  private policySeq = 0;
  private claimSeq = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly today: number,
  ) {}

  customer(index: number): DemoCustomer {
    const r = this.random;
    const { city, county } = COUNTY_CHOICE.draw(r);
    // Motor policyholders, who make most of the book, are more often men.
    const gender = r.chance(0.55) ? 'M' : 'F';
    const birthDay = Math.floor(FIRST_BIRTH_DAY + ((r.next() + r.next()) / 2) * (LAST_BIRTH_DAY - FIRST_BIRTH_DAY + 1));
    const birthDate = isoDateOf(birthDay);
    const surname = SURNAME_CHOICE.draw(r);
    const givenNames = gender === 'M' ? MALE_GIVEN : FEMALE_GIVEN;
    const given = r.chance(0.7) ? [r.pick(givenNames), r.pick(givenNames)] : [r.pick(givenNames)];
    const email = r.chance(0.62) ? this.email(surname, given, birthDate) : null;
    const customer: DemoCustomer = {
      customerNo: `C${String(index).padStart(9, '0')}`,
      idNumber: makeIdNumber(county.regionCode, birthDate, r.int(0, 999), gender),
      name: surname.text + given.map((part) => part.text).join(''),
      gender,
      birthDate,
      mobile: r.pick(MOBILE_PREFIXES) + r.digits(8),
      email,
      city: city.city,
      orgUnitCode: county.code,
      consentEmail: email !== null && r.chance(0.95),
      consentPhone: r.chance(0.85),
      consentSms: r.chance(0.8),
      consentAgentVisit: r.chance(0.5),
      doNotContactAt: r.chance(0.02) ? isoDateOf(this.today - r.int(1, 730)) : null,
      policies: [],
    };
    this.addHoldings(customer);
    return customer;
  }

  private email(surname: NamePart, given: NamePart[], birthDate: string): string {
    const r = this.random;
    const local = surname.pinyin + given.map((part) => part.pinyin).join(r.chance(0.3) ? '.' : '');
    const suffix = r.chance(0.5) ? birthDate.slice(2, 4) : r.chance(0.5) ? String(r.int(1, 999)) : '';
    return `${local}${suffix}@${r.pick(EMAIL_DOMAINS)}`;
  }

  private addHoldings(customer: DemoCustomer): void {
    const r = this.random;
    const policies = customer.policies;
    let motorProducts: string[] = [];
    let motorStart = 0;
    let motorChannel: Channel = 'dealer';
    if (r.chance(MOTOR_SHARE)) {
      const compulsory = r.chance(COMPULSORY_WITH_MOTOR);
      motorProducts = compulsory ? (r.chance(COMMERCIAL_WITH_COMPULSORY) ? ['JQX', 'SYX'] : ['JQX']) : ['SYX'];
      motorStart = this.today - r.int(0, 364);
      motorChannel = MOTOR_CHANNELS.draw(r);
      for (const code of motorProducts) policies.push(this.policy(code, motorStart, motorChannel, true));
    }
    if (r.chance(PREVIOUS_MOTOR_SHARE)) {
      if (motorProducts.length > 0) {
        // Last year's policies of the same car, renewed into this year's.
        const previousStart = yearBefore(motorStart);
        for (const code of motorProducts) policies.push(this.policy(code, previousStart, motorChannel, false));
      } else {
        // A lapsed motor customer: the policy ran out in the past year and was not renewed.
        const lapsedEnd = this.today - r.int(1, 330);
        const lapsedProducts = r.chance(0.6) ? ['JQX', 'SYX'] : ['JQX'];
        const channel = MOTOR_CHANNELS.draw(r);
        for (const code of lapsedProducts) policies.push(this.policy(code, yearBefore(lapsedEnd + 1), channel, false));
      }
    }
    for (const line of OTHER_LINES) {
      if (!r.chance(line.share)) continue;
      const channel = (line.code === 'LYX' ? TRAVEL_CHANNELS : OTHER_CHANNELS).draw(r);
      policies.push(this.policy(line.code, this.today - r.int(0, 364), channel, true));
    }
    // A customer of longer standing keeps their first policy, so that tenure counts from
    // it; the yearly renewals in between are left out to keep the demo small.
    const years = FIRST_POLICY_YEARS.draw(r);
    if (years >= 2 && policies.length > 0) {
      const [main] = policies;
      policies.push(this.policy(main.productCode, this.today - years * 365 - r.int(0, 364), main.channel, false));
    }
  }

  private policy(productCode: string, startDay: number, channel: Channel, current: boolean): DemoPolicy {
    const r = this.random;
    const endDay = yearEnd(startDay);
    this.policySeq += 1;
    const status = current ? (r.chance(CANCELLED_SHARE) ? 'cancelled' : 'active') : 'expired';
    const policy: DemoPolicy = {
      policyNo: `P${isoDateOf(startDay).slice(0, 4)}${String(this.policySeq).padStart(8, '0')}`,
      productCode,
      premiumCents: this.premium(productCode),
      startDate: isoDateOf(startDay),
      endDate: isoDateOf(endDay),
      status,
      channel,
      claims: [],
    };
    if (status !== 'cancelled' && r.chance(CLAIM_SHARES[productCode] ?? 0)) {
      const count = r.chance(0.2) ? 2 : 1;
      for (let i = 0; i < count; i++) policy.claims.push(this.claim(productCode, startDay, Math.min(endDay, this.today)));
    }
    return policy;
  }

  private premium(productCode: string): number {
    if (productCode === 'JQX') return COMPULSORY_PREMIUMS.draw(this.random);
    const [low, high] = PREMIUM_RANGES[productCode];
    return this.skewed(low * 100, high * 100);
  }

  private claim(productCode: string, fromDay: number, toDay: number): DemoClaim {
    const r = this.random;
    const claimDay = fromDay + r.int(0, toDay - fromDay);
    const [low, high] = CLAIM_AMOUNTS[productCode];
    this.claimSeq += 1;
    return {
      claimNo: `L${isoDateOf(claimDay).slice(0, 4)}${String(this.claimSeq).padStart(8, '0')}`,
      claimDate: isoDateOf(claimDay),
      amountCents: this.skewed(low * 100, high * 100),
      status: this.claimStatus(this.today - claimDay),
    };
  }

  /** Recent claims are often still open; older ones mostly settled. */
  private claimStatus(ageDays: number): DemoClaim['status'] {
    const u = this.random.next();
    if (ageDays < 30) return u < 0.6 ? 'open' : u < 0.9 ? 'paid' : 'closed';
    return u < 0.04 ? 'open' : u < 0.79 ? 'paid' : u < 0.94 ? 'closed' : 'rejected';
  }

  /** A whole number of cents in [low, high], log-uniform: small amounts are more common than large. */
  private skewed(low: number, high: number): number {
    return Math.round(low * Math.pow(high / low, this.random.next()));
  }
}

/** Cents as a decimal yuan amount, "1234.50". */
export function yuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
