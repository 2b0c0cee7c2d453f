import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrgScope } from '@lib/auth';
import { CampaignMoveListener, CampaignMoveListeners } from '@lib/campaigns';
import { ValidationError } from '@lib/common';
import { AppConfig } from '@lib/config';
import { ContactEligibility, ContactPolicy, ContactPolicyService, ExclusionReason, NOT_REACHED } from '@lib/contact-rules';
import { MessageTemplates } from '@lib/message-templates';
import { ContactEventStream, LinkTracking, StreamedContactEvent, TrackedLinks } from '@lib/tracking';
import type { WebOffer, WebOffers } from './web-offer.view';
import { WebOfferTokens } from './web-offer-token';
import { WebOffersVersion } from './web-offers-version';

/** Path of the web-offer endpoints under the API (apps/api/src/web/web-offers.controller.ts). */
export const WEB_OFFERS_PATH = '/api/web';

/**
 * How long a customer's offers are answered from memory before they are read anew (the
 * entry answers meanwhile): a do-not-contact flag set since shows within about this.
 */
const CACHE_TTL_MS = 60_000;
/** Customers whose offers stay in memory; the oldest entry goes first. */
const CACHED_CUSTOMERS = 200_000;
/**
 * Customers read anew in one background read, once their minute is past. Small, since a
 * read renders its customers' offers in one turn of the event loop: 200 at a time held
 * the answers up for tens of milliseconds (p99 36 ms at 5,000 requests/s, bench/README.md).
 */
const REFRESH_BATCH = 25;

/**
 * The send-time check's answers that still let a web offer be shown. A customer who
 * opens the insurer's site is not interrupted, so the caps and gap between contacts
 * of any channel do not hold back an offer there, only the web's own caps (checked in
 * withinCaps); and a campaign of higher priority holding the customer shows its offer
 * first in the same answer.
 */
const SHOWN_ANYWAY: readonly (ExclusionReason | null)[] = [null, 'reserved_by_higher_priority', 'min_gap', 'cap_7d', 'cap_30d'];

interface CachedOffer {
  contactId: number;
  /** Whether an impression of this process already made the contact (planned → sent is then the worker's). */
  made: boolean;
  answer: WebOffer;
}

interface CachedCustomer {
  version: string;
  expiresAt: number;
  offers: CachedOffer[];
  /** The answer's JSON by `limit`, serialised once: the same bytes until the entry is read anew. */
  bodies: Map<number, string>;
  /** Past its minute and waiting to be read anew. */
  refreshing: boolean;
}

interface MadeContacts {
  web7Days: number;
  web30Days: number;
}

/** Whether `pending` more web contacts, made by this answer before this one, leave room under the policy's caps for the web. */
function withinCaps(policy: ContactPolicy, made: MadeContacts, pending: number): boolean {
  const web = policy.perChannel.web;
  return (web?.maxPer7Days == null || made.web7Days + pending < web.maxPer7Days) && (web?.maxPer30Days == null || made.web30Days + pending < web.maxPer30Days);
}

interface OfferRow {
  contact_id: string;
  customer_id: string;
  status: 'planned' | 'sent';
  step_id: number;
  campaign_id: number;
  template_ref: string | null;
  objective: string;
  priority: number;
  owning_org_unit_id: number;
  owning_path: string;
}

/**
 * The web channel (docs/web-offers.md): the offers of running campaigns' web steps a
 * signed-in customer is shown on the insurer's site, answered from memory. A
 * customer's offers are read and checked against the contact rules once, then kept
 * until a campaign moves (any move bumps a version that every API process hears of,
 * WebOffersVersion) or a minute passes. An answer writes no database row: its impressions go
 * to the tracking stream, and the worker makes the contacts ('sent') and stores the
 * events in batches.
 */
@Injectable()
export class WebOfferService implements CampaignMoveListener, OnModuleInit {
  readonly name = 'web-offers';
  private readonly logger = new Logger(WebOfferService.name);
  private readonly cache = new Map<string, CachedCustomer>();
  /** Entries past their minute, waiting for the background read (refreshLater). */
  private readonly stale = new Map<string, CachedCustomer>();
  private refreshing = false;
  /** Fills in flight by version and customer, so a burst for one customer reads the database once. */
  private readonly filling = new Map<string, Promise<CachedCustomer>>();
  /** Steps whose template links are registered for the click redirect, by step, template and version. */
  private readonly registeredLinks = new Map<string, number[]>();
  private readonly acceptBase: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly version: WebOffersVersion,
    private readonly tokens: WebOfferTokens,
    private readonly stream: ContactEventStream,
    private readonly linkTracking: LinkTracking,
    private readonly trackedLinks: TrackedLinks,
    private readonly templates: MessageTemplates,
    private readonly eligibility: ContactEligibility,
    private readonly policies: ContactPolicyService,
    private readonly moveListeners: CampaignMoveListeners,
    config: AppConfig,
  ) {
    this.acceptBase = `${config.PUBLIC_URL.replace(/\/+$/, '')}${WEB_OFFERS_PATH}/accept`;
  }

  onModuleInit(): void {
    this.moveListeners.register(this);
  }

  /** Every process hears of the new version and answers anew; this one forgets at once. */
  async moved(): Promise<void> {
    await this.version.bump();
    this.cache.clear();
  }

  /**
   * The offers for the customer a site's token names, at most `limit`, as the answer's
   * JSON (`WebOffers`); each one shown records an impression, in the tracking stream
   * before the answer goes.
   */
  async offersFor(token: string, limit: number): Promise<string> {
    const check = this.tokens.verifyCustomer(token);
    if (check.problem) throw new ValidationError([{ field: 'token', code: check.problem === 'expired' ? 'web_token_expired' : 'web_token_invalid' }]);
    const customer = await this.current(check.customerNo);
    const shown = customer.offers.slice(0, limit);
    const occurredAt = new Date().toISOString();
    const events: StreamedContactEvent[] = [];
    for (const offer of shown) {
      if (!offer.made) events.push({ eventId: randomUUID(), type: 'sent', contactId: offer.contactId, occurredAt });
      events.push({ eventId: randomUUID(), type: 'opened', contactId: offer.contactId, occurredAt });
    }
    await this.stream.appendAll(events);
    for (const offer of shown) offer.made = true;
    let body = customer.bodies.get(limit);
    if (body === undefined) {
      body = JSON.stringify({ offers: shown.map((offer) => offer.answer) } satisfies WebOffers);
      customer.bodies.set(limit, body);
    }
    return body;
  }

  /** Records the customer's accept of an offer; false for a link that is not ours. */
  async accepted(token: string): Promise<boolean> {
    const contactId = this.tokens.verifyAccept(token);
    if (contactId === undefined) return false;
    await this.stream.append({ eventId: randomUUID(), type: 'responded', contactId, occurredAt: new Date().toISOString() });
    return true;
  }

  /** How many offers the customer would be shown now, recording nothing (the demo site's list of customers). */
  async offerCount(customerNo: string): Promise<number> {
    return (await this.current(customerNo)).offers.length;
  }

  isAcceptToken(token: string): boolean {
    return this.tokens.verifyAccept(token) !== undefined;
  }

  private async current(customerNo: string): Promise<CachedCustomer> {
    const version = await this.version.current();
    const known = this.cache.get(customerNo);
    if (known && known.version === version) {
      // Past its minute, the entry answers once more while it is read anew: a request never waits on the database for it.
      if (known.expiresAt <= Date.now() && !known.refreshing) this.refreshLater(customerNo, known);
      return known;
    }
    return this.filling.get(`${version}:${customerNo}`) ?? this.fill(customerNo, version);
  }

  /** Reads the customer's offers once however many requests ask meanwhile, and keeps them. */
  private fill(customerNo: string, version: string): Promise<CachedCustomer> {
    const fill = this.read([customerNo], version)
      .then((fresh) => {
        const entry = fresh.get(customerNo)!;
        this.keep(customerNo, entry);
        return entry;
      })
      .finally(() => this.filling.delete(`${version}:${customerNo}`));
    this.filling.set(`${version}:${customerNo}`, fill);
    return fill;
  }

  private keep(customerNo: string, entry: CachedCustomer): void {
    this.cache.delete(customerNo);
    if (this.cache.size >= CACHED_CUSTOMERS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(customerNo, entry);
  }

  /**
   * Entries past their minute are read anew behind the answers, REFRESH_BATCH customers
   * per read and one read at a time: the entries a burst filled expire together, and
   * reading each on its own, all at once, took the database and this process's event
   * loop from the answers for seconds (bench/README.md).
   */
  private refreshLater(customerNo: string, entry: CachedCustomer): void {
    entry.refreshing = true;
    this.stale.set(customerNo, entry);
    if (this.refreshing) return;
    this.refreshing = true;
    setImmediate(() => void this.refreshStale());
  }

  private async refreshStale(): Promise<void> {
    try {
      while (this.stale.size > 0) {
        const batch = [...this.stale].slice(0, REFRESH_BATCH);
        for (const [customerNo] of batch) this.stale.delete(customerNo);
        try {
          const version = await this.version.current();
          const fresh = await this.read(
            batch.map(([customerNo]) => customerNo),
            version,
          );
          // An entry filled meanwhile after a move is newer than this read: it stays.
          for (const [customerNo, entry] of fresh) if (this.cache.get(customerNo)?.version === version) this.keep(customerNo, entry);
        } catch (err) {
          for (const [, entry] of batch) entry.refreshing = false;
          this.logger.warn(`web offers of ${batch.length} customers not read anew: ${err instanceof Error ? err.message : err}`);
        }
      }
    } finally {
      this.refreshing = false;
    }
  }

  /**
   * The customers' web contacts due now in running campaigns, highest priority first,
   * read for all of them at once. A contact not made yet passes the contact rules at
   * this moment (do-not-contact, consent, quiet hours, frequency caps where the policy
   * sets them for web …), as an email does when it is sent; one already shown stays
   * until the customer is put on do-not-contact, answers, or converts or opts out on
   * any channel of the campaign.
   */
  private async read(customerNos: string[], version: string): Promise<Map<string, CachedCustomer>> {
    const rows: (OfferRow & { customer_no: string })[] = await this.dataSource.query(
      `SELECT cu.customer_no, k.id AS contact_id, k.customer_id, k.status, k.step_id, k.campaign_id, s.template_ref, r.objective, r.priority,
              c.owning_org_unit_id, ou.path AS owning_path
         FROM customers cu
         JOIN contacts k ON k.customer_id = cu.id AND k.channel = 'web' AND k.status IN ('planned', 'sent')
                        AND k.contacted_at <= now() AND k.responded_at IS NULL
                        -- Converted or opted out on any channel of the campaign: its offer is not shown again.
                        AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.customer_id = k.customer_id AND o.campaign_id = k.campaign_id
                                           AND (o.converted_at IS NOT NULL OR o.opted_out_at IS NOT NULL))
         JOIN campaigns c ON c.id = k.campaign_id AND c.status = 'running'
                        -- A step out of budget makes no new contact; one made is shown still, it is paid for.
                        AND (k.status = 'sent' OR NOT EXISTS (SELECT 1 FROM step_dispatch_states x WHERE x.step_id = k.step_id))
         JOIN campaign_revisions r ON r.id = c.approved_revision_id
         JOIN campaign_steps s ON s.id = k.step_id
         JOIN org_units ou ON ou.id = c.owning_org_unit_id
        WHERE cu.customer_no = ANY($1::varchar[]) AND NOT cu.do_not_contact
        ORDER BY cu.customer_no, r.priority DESC, k.contacted_at, k.id`,
      [customerNos],
    );
    const rowsOf = new Map<string, OfferRow[]>(customerNos.map((customerNo) => [customerNo, []]));
    for (const row of rows) rowsOf.get(row.customer_no)?.push(row);
    const policy = rows.some((row) => row.status === 'planned') ? await this.policies.loadDefault() : undefined;
    const allowedOf = new Map<string, OfferRow[]>();
    for (const [customerNo, ofCustomer] of rowsOf) allowedOf.set(customerNo, await this.allowed(ofCustomer, policy));
    const contexts = await this.templates.contextsForContacts(
      this.dataSource.manager,
      [...allowedOf.values()].flat().map((row) => Number(row.contact_id)),
    );
    const templates = new Map<string, ReturnType<MessageTemplates['compiled']>>();
    const expiresAt = Date.now() + CACHE_TTL_MS;
    const entries = new Map<string, CachedCustomer>();
    for (const [customerNo, allowed] of allowedOf) {
      const offers: CachedOffer[] = [];
      for (const row of allowed) {
        const contactId = Number(row.contact_id);
        const context = contexts.get(contactId);
        if (!context) continue;
        const ref = row.template_ref ?? row.objective;
        if (!templates.has(ref)) templates.set(ref, this.templates.compiled(ref, 'web'));
        const template = await templates.get(ref)!;
        const indexes = await this.linkIndexes(row.step_id, template.ref, template.version, template.links);
        const clickUrl = (index: number) => this.linkTracking.clickUrl(contactId, row.step_id, indexes[index]);
        const rendered = template.render(context, { pixelUrl: '', unsubscribeUrl: '', clickUrl });
        offers.push({
          contactId,
          made: row.status === 'sent',
          answer: {
            campaign: { id: row.campaign_id, name: context.campaign.name },
            bundle: { name: context.bundle.name, shortText: context.bundle.shortText, price: context.bundle.price },
            html: rendered.html,
            clickUrl: template.links.length > 0 ? clickUrl(0) : null,
            acceptUrl: `${this.acceptBase}/${this.tokens.acceptToken(contactId)}`,
          },
        });
      }
      entries.set(customerNo, { version, expiresAt, offers, bodies: new Map(), refreshing: false });
    }
    return entries;
  }

  /** The customer's rows that may be shown: those made already, and those not made yet that pass the contact rules now. */
  private async allowed(rows: OfferRow[], policy: ContactPolicy | undefined): Promise<OfferRow[]> {
    const made = policy && rows.some((row) => row.status === 'planned') ? await this.madeContacts(rows[0].customer_id) : undefined;
    const allowed: OfferRow[] = [];
    // Offers made by this answer count for the caps of the next ones, as contacts would.
    let makes = 0;
    for (const row of rows) {
      if (row.status === 'sent') allowed.push(row);
      else if (policy && made && withinCaps(policy, made, makes) && SHOWN_ANYWAY.includes(await this.reasonNow(policy, row))) {
        allowed.push(row);
        makes += 1;
      }
    }
    return allowed;
  }

  /** The customer's web contacts made in the last 7 and 30 days. */
  private async madeContacts(customerId: string): Promise<MadeContacts> {
    const [counts]: MadeContacts[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE contacted_at > now() - interval '7 days')::int AS "web7Days", count(*)::int AS "web30Days"
         FROM contacts
        WHERE customer_id = $1 AND channel = 'web' AND status <> ALL($2::text[]) AND contacted_at > now() - interval '30 days' AND contacted_at <= now()`,
      [customerId, NOT_REACHED],
    );
    return counts;
  }

  private async reasonNow(policy: ContactPolicy, row: OfferRow): Promise<ExclusionReason | null> {
    const decisions = this.eligibility.decisionsByCustomer(
      new OrgScope(row.owning_org_unit_id, row.owning_path),
      { sql: 'SELECT $1::bigint AS customer_id', params: [row.customer_id] },
      policy,
      { channels: ['web'], at: new Date(), purpose: row.objective === 'retention' ? 'renewal' : 'sales', campaignId: row.campaign_id, priority: row.priority },
    );
    const [decision]: { reason_0: ExclusionReason | null }[] = await this.dataSource.query(decisions.sql, decisions.params);
    // A customer outside the owning unit's scope now is not shown the offer either.
    return decision ? decision.reason_0 : 'do_not_contact';
  }

  /** The click-redirect indexes of a template's links for the step, registered once per process and template version. */
  private async linkIndexes(stepId: number, ref: string, version: number, links: string[]): Promise<number[]> {
    const key = `${stepId}:${ref}:${version}`;
    const known = this.registeredLinks.get(key);
    if (known) return known;
    const indexes = links.length > 0 ? await this.trackedLinks.register(stepId, links) : [];
    this.registeredLinks.set(key, indexes);
    return indexes;
  }
}
