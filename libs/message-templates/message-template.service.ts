import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasAnyRole, OrgScope } from '@lib/auth';
import { ConflictError, DomainError, FieldProblem, ForbiddenError, Language, LOCAL_TODAY_SQL, NotFoundError, renderError, ValidationError } from '@lib/common';
import { AppConfig } from '@lib/config';
import { MailTransport } from '@lib/mail';
import type { MessageLinks } from './compiled-message';
import { MessageContext, variablePaths } from './message-context';
import { BRANCH_COLUMNS, BRANCH_JOIN, BUNDLE_COLUMNS, ContextRow, contextOf } from './message-contexts';
import { CreateMessageTemplateBody, TemplatePreviewBody, UpdateMessageTemplateBody } from './message-template.dto';
import type {
  MessageTemplateList,
  MessageTemplateListItem,
  MessageTemplateView,
  TemplatePreviewView,
  TestSendView,
} from './message-template.view';
import { MessageTemplates } from './message-templates';
import { templateProblems, variablesFor } from './template-check';
import { CHANNEL_NAMES, partsOf, TemplateChannel, TemplatePart } from './template-channel';
import { TEMPLATE_WRITERS } from './template-roles';

/** A transparent GIF: previews and test mails count no open. */
const NO_PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
const TEST_SUBJECT_PREFIX = '[测试] ';
const ALL_PARTS: readonly TemplatePart[] = ['subject', 'html', 'text', 'body'];

interface TemplateRow {
  id: number;
  key: string;
  channel: TemplateChannel;
  name: string;
  objective: MessageTemplateView['objective'];
  owner_org_unit_id: number;
  owner_name: string;
  owner_name_en: string | null;
  owner_path: string;
  version: number;
  updated_at: Date;
  updated_by_name: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  body: string | null;
}

const SELECT_TEMPLATE = `
  SELECT t.id, t.key, t.channel, t.name, t.objective, t.owner_org_unit_id, o.name AS owner_name, o.name_en AS owner_name_en,
         o.path AS owner_path, t.version, t.updated_at, u.display_name AS updated_by_name, t.subject, t.html, t.text, t.body
    FROM message_templates t
    JOIN org_units o ON o.id = t.owner_org_unit_id
    JOIN users u ON u.id = t.updated_by`;

/** Visible: owned by a unit in the scope, or by a unit above the scope's home unit (a province template serves its cities). */
const VISIBLE = (patternParam: number, pathParam: number) => `(o.path LIKE $${patternParam} OR $${pathParam} LIKE o.path || '%')`;

/**
 * The templates channel managers edit. A template is owned by its creator's home unit,
 * seen by the users of that unit's subtree and of the units above it, and changed by
 * channel managers (and admins) whose scope holds the owning unit. Every save is
 * checked whole (a template that does not compile or names an unknown variable is
 * refused with the part, the problem and its line), raises the version by one and
 * keeps that version's parts, in one transaction.
 */
@Injectable()
export class MessageTemplateService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly templates: MessageTemplates,
    private readonly mail: MailTransport,
    private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser, query: { channel?: TemplateChannel; q?: string } = {}): Promise<MessageTemplateList> {
    const params: unknown[] = [user.scope.pathPattern, user.scope.path];
    const where = [VISIBLE(1, 2)];
    if (query.channel) {
      params.push(query.channel);
      where.push(`t.channel = $${params.length}`);
    }
    const search = query.q?.trim();
    if (search) {
      params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(t.key ILIKE $${params.length} OR t.name ILIKE $${params.length})`);
    }
    const rows: TemplateRow[] = await this.dataSource.query(`${SELECT_TEMPLATE} WHERE ${where.join(' AND ')} ORDER BY t.channel, t.key`, params);
    const files = this.templates
      .fileTemplates()
      .filter((file) => (!query.channel || file.channel === query.channel) && (!search || file.ref.includes(search.toLowerCase())));
    return { items: rows.map((row) => listItem(row, user)), files };
  }

  async get(user: AuthUser, id: number): Promise<MessageTemplateView> {
    return view(await this.find(this.dataSource.manager, user.scope, id), user);
  }

  /** The variables a channel's templates may name, as paths. */
  variables(channel: TemplateChannel): string[] {
    return variablePaths(variablesFor(channel));
  }

  /** Creates a template owned by the creator's home unit, at version 1. */
  async create(user: AuthUser, body: CreateMessageTemplateBody): Promise<MessageTemplateView> {
    const parts = pickParts(body);
    const problems = this.partProblems(body.channel, parts, true);
    if (this.templates.isFileTemplate(body.key)) problems.push({ field: 'key', code: 'template_key_reserved', params: { key: body.key } });
    if (problems.length) throw new ValidationError(problems);
    const id = await this.dataSource.transaction(async (manager) => {
      const [taken] = await manager.query(`SELECT 1 FROM message_templates WHERE key = $1`, [body.key]);
      if (taken) throw new ConflictError(`A template with key ${body.key} exists`, 'template_key_taken', { key: body.key });
      const [row] = await manager.query(
        `INSERT INTO message_templates (key, channel, name, objective, subject, html, text, body, owner_org_unit_id, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         ON CONFLICT (key) DO NOTHING RETURNING id`,
        [body.key, body.channel, body.name, body.objective ?? null, parts.subject ?? null, parts.html ?? null, parts.text ?? null, parts.body ?? null, user.scope.orgUnitId, user.id],
      );
      if (!row) throw new ConflictError(`A template with key ${body.key} exists`, 'template_key_taken', { key: body.key });
      await keepVersion(manager, row.id, user.id);
      return row.id as number;
    });
    return this.get(user, id);
  }

  /**
   * Saves changes to the version the editor started from; when someone saved since,
   * answers 409 naming the current version, so nobody overwrites another's work unseen.
   */
  async update(user: AuthUser, id: number, body: UpdateMessageTemplateBody): Promise<MessageTemplateView> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.find(manager, user.scope, id, true);
      if (!editable(current, user)) {
        throw new ForbiddenError('This template belongs to a unit above yours; only that unit may change it', 'owned_above', { entity: 'message_template' });
      }
      if (current.version !== body.version) {
        throw new ConflictError(`Template ${id} was saved as version ${current.version} since version ${body.version}`, 'template_version_conflict', {
          version: current.version,
        });
      }
      const merged = { ...pickParts(current), ...pickParts(body) };
      const problems = this.partProblems(current.channel, merged, false, pickParts(body));
      if (problems.length) throw new ValidationError(problems);
      await manager.query(
        `UPDATE message_templates SET name = coalesce($2, name), objective = CASE WHEN $3 THEN $4 ELSE objective END,
                subject = $5, html = $6, text = $7, body = $8, version = version + 1, updated_by = $9, updated_at = now()
          WHERE id = $1`,
        [id, body.name ?? null, body.objective !== undefined, body.objective ?? null, merged.subject ?? null, merged.html ?? null, merged.text ?? null, merged.body ?? null, user.id],
      );
      await keepVersion(manager, id, user.id);
    });
    return this.get(user, id);
  }

  /**
   * Renders unsaved parts on a customer of the scope (a sample one when none is given):
   * problems are part of the answer, so the editor shows them at their fields while
   * the author types. A customer or bundle outside the scope answers 404.
   */
  async preview(user: AuthUser, body: TemplatePreviewBody, language: Language): Promise<TemplatePreviewView> {
    const parts = pickParts(body);
    const problems = this.partProblems(body.channel, parts, true);
    const sample = await this.sampleContext(user.scope, body);
    if (problems.length) {
      return {
        subject: '', html: '', text: '', customer: sample.customer,
        problems: problems.map((p) => ({ field: p.field, code: p.code, params: p.params ?? {}, problem: renderError(p.code, p.params, language) })),
      };
    }
    const rendered = this.templates.compileParts('preview', body.channel, 0, parts).render(sample.context, this.previewLinks());
    return { ...rendered, problems: [], customer: sample.customer };
  }

  /** Renders like the preview and mails it to the signed-in user's own address, the subject marked as a test. */
  async testSend(user: AuthUser, body: TemplatePreviewBody): Promise<TestSendView> {
    const parts = pickParts(body);
    const problems = this.partProblems(body.channel, parts, true);
    if (problems.length) throw new ValidationError(problems);
    const [me]: { email: string | null }[] = await this.dataSource.query(`SELECT email FROM users WHERE id = $1`, [user.id]);
    if (!me?.email) throw new DomainError('template_test_no_email', 'You have no email address to send a test to', 409);
    if (!this.mail.configured) throw new DomainError('mail_not_configured', 'No SMTP server is configured', 503);
    const sample = await this.sampleContext(user.scope, body);
    const rendered = this.templates.compileParts('test', body.channel, 0, parts).render(sample.context, this.previewLinks());
    const subject = `${TEST_SUBJECT_PREFIX}${rendered.subject || body.channel}`;
    await this.mail.send({ to: me.email, subject, html: rendered.html, text: rendered.text });
    return { to: me.email, subject };
  }

  /** Links of previews and test mails lead where the template says, and unsubscribe nobody. */
  private previewLinks(): MessageLinks {
    return { pixelUrl: NO_PIXEL, unsubscribeUrl: new URL('/templates', this.config.PUBLIC_URL).toString(), clickUrl: (_index, url) => url };
  }

  /**
   * The problems of a template's parts for its channel: parts it lacks (when `complete`),
   * parts of another channel, and what the check finds in each part given.
   */
  private partProblems(
    channel: TemplateChannel,
    parts: Partial<Record<TemplatePart, string>>,
    complete: boolean,
    given: Partial<Record<TemplatePart, string>> = parts,
  ): FieldProblem[] {
    const wanted = partsOf(channel);
    const problems: FieldProblem[] = [];
    for (const part of ALL_PARTS) {
      if (!wanted.includes(part)) {
        if (given[part] !== undefined) problems.push({ field: part, code: 'template_part_not_for_channel', params: { channel: CHANNEL_NAMES[channel] } });
        continue;
      }
      const source = parts[part];
      if (source === undefined || (part !== 'text' && !source.trim())) {
        if (complete || source !== undefined) problems.push({ field: part, code: 'required' });
        continue;
      }
      problems.push(...templateProblems(source, part, channel));
    }
    return problems;
  }

  private async find(manager: EntityManager, scope: OrgScope, id: number, lock = false): Promise<TemplateRow> {
    const [row]: TemplateRow[] = await manager.query(
      `${SELECT_TEMPLATE} WHERE t.id = $3 AND ${VISIBLE(1, 2)}${lock ? ' FOR UPDATE OF t' : ''}`,
      [scope.pathPattern, scope.path, id],
    );
    if (!row) throw new NotFoundError('message_template', id);
    return row;
  }

  /** The context a preview renders with: a real customer and bundle of the scope, a sample campaign ending in 30 days. */
  private async sampleContext(scope: OrgScope, body: TemplatePreviewBody): Promise<{ context: MessageContext; customer: { id: number; name: string } | null }> {
    const [customer]: (Pick<ContextRow, 'customer_name' | 'gender' | 'customer_no' | 'branch_name' | 'address' | 'phone'> & { id: string })[] =
      await this.dataSource.query(
        `SELECT c.id, c.name AS customer_name, c.gender, c.customer_no, ${BRANCH_COLUMNS('u')}
           FROM customers c JOIN org_units u ON u.id = c.org_unit_id ${BRANCH_JOIN('u')}
          WHERE ${scope.unitCondition('c.org_unit_id', 1)} AND ($2::bigint IS NULL OR c.id = $2)
          ORDER BY c.id LIMIT 1`,
        [scope.pathPattern, body.customerId ?? null],
      );
    if (!customer && body.customerId !== undefined) throw new NotFoundError('customer', body.customerId);
    const [bundle]: Pick<ContextRow, 'bundle_name' | 'short_text' | 'price' | 'discount_pct' | 'talking_points' | 'objections'>[] =
      await this.dataSource.query(
        `SELECT ${BUNDLE_COLUMNS} FROM bundles b JOIN org_units o ON o.id = b.owner_org_unit_id
          WHERE ${VISIBLE(1, 2)} AND ($3::int IS NOT NULL AND b.id = $3 OR $3::int IS NULL AND b.active AND ${LOCAL_TODAY_SQL} BETWEEN b.valid_from AND b.valid_to)
          ORDER BY b.id LIMIT 1`,
        [scope.pathPattern, scope.path, body.bundleId ?? null],
      );
    if (!bundle && body.bundleId !== undefined) throw new NotFoundError('bundle', body.bundleId);
    const [{ end_date }] = await this.dataSource.query(`SELECT to_char(${LOCAL_TODAY_SQL} + 30, 'YYYY-MM-DD') AS end_date`);
    const [home] = customer
      ? [customer]
      : await this.dataSource.query(`SELECT ${BRANCH_COLUMNS('u')} FROM org_units u ${BRANCH_JOIN('u')} WHERE u.id = $1`, [scope.orgUnitId]);
    const context = contextOf({
      customer_name: customer?.customer_name ?? '王小明',
      gender: customer ? customer.gender : 'M',
      customer_no: customer?.customer_no ?? 'C00000000',
      bundle_name: bundle?.bundle_name ?? '车险+家财 安居组合',
      short_text: bundle?.short_text ?? '车险客户加保家财险，组合购买更优惠',
      price: bundle?.price ?? '1280.00',
      discount_pct: bundle?.discount_pct ?? '0',
      talking_points: bundle?.talking_points ?? ['一份保单保车又保家'],
      objections: bundle?.objections ?? [],
      campaign_name: '示例活动（预览）',
      end_date,
      branch_name: home.branch_name,
      address: home.address,
      phone: home.phone,
    });
    return { context, customer: customer ? { id: Number(customer.id), name: customer.customer_name } : null };
  }
}

function pickParts(source: Partial<Record<TemplatePart, string | null | undefined>>): Partial<Record<TemplatePart, string>> {
  const parts: Partial<Record<TemplatePart, string>> = {};
  for (const part of ALL_PARTS) {
    const value = source[part];
    if (typeof value === 'string') parts[part] = value;
  }
  return parts;
}

async function keepVersion(manager: EntityManager, id: number, userId: number): Promise<void> {
  await manager.query(
    `INSERT INTO message_template_versions (template_id, version, subject, html, text, body, saved_by)
     SELECT id, version, subject, html, text, body, $2 FROM message_templates WHERE id = $1`,
    [id, userId],
  );
}

function editable(row: TemplateRow, user: AuthUser): boolean {
  return hasAnyRole(user, TEMPLATE_WRITERS) && user.scope.includesPath(row.owner_path);
}

function listItem(row: TemplateRow, user: AuthUser): MessageTemplateListItem {
  return {
    id: row.id,
    key: row.key,
    channel: row.channel,
    name: row.name,
    objective: row.objective,
    ownerOrgUnitId: row.owner_org_unit_id,
    ownerOrgUnitName: row.owner_name,
    ownerOrgUnitNameEn: row.owner_name_en,
    version: row.version,
    updatedAt: row.updated_at,
    updatedByName: row.updated_by_name,
    editable: editable(row, user),
  };
}

function view(row: TemplateRow, user: AuthUser): MessageTemplateView {
  return { ...listItem(row, user), subject: row.subject, html: row.html, text: row.text, body: row.body };
}
