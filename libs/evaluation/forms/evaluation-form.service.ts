import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser, hasAnyRole, OrgScope } from '@lib/auth';
import { ConflictError, DomainError, FieldProblem, ForbiddenError, Language, NotFoundError, renderError, ValidationError } from '@lib/common';
import type { FormDefinition } from '../form-schema';
import { definitionShapeProblems, validateAnswers, validateDefinition } from '../form-validation';
import { EvaluationFormTemplate } from './evaluation-form-template.entity';
import { EvaluationFormVersion } from './evaluation-form-version.entity';
import type { CreateFormTemplateBody, FormPreviewBody, SaveFormDraftBody } from './evaluation-form.dto';
import type {
  FormPreviewView,
  FormProblemView,
  FormTemplateList,
  FormTemplateListItem,
  FormTemplateView,
  FormVersionSummary,
  FormVersionView,
  PinnedFormVersion,
} from './evaluation-form.view';
import { FORM_DESIGNERS } from './form-roles';

/** Level of a province branch in the org tree: designers work there or at the head office. */
const PROVINCE_LEVEL = 2;

const EMPTY_FORM: FormDefinition = { sections: [], rules: [] };

interface TemplateRow {
  id: number;
  code: string;
  name: string;
  name_en: string;
  owner_org_unit_id: number;
  owner_name: string;
  owner_name_en: string | null;
  owner_path: string;
  updated_at: Date;
  is_default: boolean;
  published_version: number | null;
  draft_version: number | null;
}

interface VersionRow {
  id: number;
  template_id: number;
  version: number;
  status: 'draft' | 'published';
  revision: number;
  definition: FormDefinition;
  updated_at: Date;
  published_at: Date | null;
  published_by_name: string | null;
  campaigns: number;
}

const SELECT_TEMPLATE = `
  SELECT t.id, t.code, t.name, t.name_en, t.owner_org_unit_id, o.name AS owner_name, o.name_en AS owner_name_en, o.path AS owner_path,
         t.updated_at, t.is_default,
         (SELECT max(v.version) FROM evaluation_form_versions v WHERE v.template_id = t.id AND v.status = 'published') AS published_version,
         (SELECT v.version FROM evaluation_form_versions v WHERE v.template_id = t.id AND v.status = 'draft') AS draft_version
    FROM evaluation_form_templates t
    JOIN org_units o ON o.id = t.owner_org_unit_id`;

const SELECT_VERSION = `
  SELECT v.id, v.template_id, v.version, v.status, v.revision, v.definition, v.updated_at, v.published_at, u.display_name AS published_by_name,
         (SELECT count(*)::int FROM campaign_form_versions p WHERE p.form_version_id = v.id) AS campaigns
    FROM evaluation_form_versions v
    LEFT JOIN users u ON u.id = v.published_by`;

/** Visible: owned by a unit in the scope, or by a unit above it (the province's forms serve its cities and counties). */
const VISIBLE = (patternParam: number, pathParam: number) => `(o.path LIKE $${patternParam} OR $${pathParam} LIKE o.path || '%')`;

/**
 * The standard evaluation forms: templates with numbered versions. Designers (campaign
 * planners and admins of the province or head office) edit a template's one draft and
 * publish it; publishing checks the definition whole and freezes it, and the next draft
 * starts from it. Everyone whose scope reaches the owning unit reads the published
 * versions; drafts are the designers' own. Campaigns pin the version in force at
 * approval (FormPinCommitment), so a new version never changes a campaign's form.
 */
@Injectable()
export class EvaluationFormService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(user: AuthUser, query: { published?: 'true' | 'false' } = {}): Promise<FormTemplateList> {
    const rows: TemplateRow[] = await this.dataSource.query(`${SELECT_TEMPLATE} WHERE ${VISIBLE(1, 2)} ORDER BY t.code`, [user.scope.pathPattern, user.scope.path]);
    const shown = rows.filter((row) => (query.published === 'true' ? row.published_version !== null : isDesigner(user) || row.published_version !== null));
    return { items: shown.map((row) => listItem(row, user)) };
  }

  async get(user: AuthUser, id: number): Promise<FormTemplateView> {
    const row = await findVisible(this.dataSource.manager, user.scope, id, false);
    const versions: VersionRow[] = await this.dataSource.query(
      `${SELECT_VERSION} WHERE v.template_id = $1 AND (v.status = 'published' OR $2) ORDER BY v.version DESC`,
      [id, isDesigner(user)],
    );
    return { ...listItem(row, user), versions: versions.map(summary) };
  }

  async version(user: AuthUser, id: number, version: number, language: Language): Promise<FormVersionView> {
    const template = await findVisible(this.dataSource.manager, user.scope, id, false);
    const [row]: VersionRow[] = await this.dataSource.query(`${SELECT_VERSION} WHERE v.template_id = $1 AND v.version = $2`, [id, version]);
    if (!row || (row.status === 'draft' && !isDesigner(user))) throw new NotFoundError('evaluation_form', `${template.code} v${version}`);
    return versionView(template, row, language);
  }

  /** A new template owned by the designer's home unit, with its first draft. */
  async create(user: AuthUser, body: CreateFormTemplateBody, language: Language): Promise<FormVersionView> {
    const definition = body.definition ?? EMPTY_FORM;
    refuseMisshapen(definition);
    const id = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO evaluation_form_templates (code, name, name_en, owner_org_unit_id, created_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [body.code, body.name.zh, body.name.en, user.scope.orgUnitId, user.id],
      );
      if (!row) throw new ConflictError(`An evaluation form with code ${body.code} exists`, 'evaluation_form_code_taken', { code: body.code });
      await manager.insert(EvaluationFormVersion, { templateId: row.id, version: 1, status: 'draft', definition, createdBy: user.id, updatedBy: user.id });
      return row.id as number;
    });
    return this.version(user, id, 1, language);
  }

  /**
   * Saves the draft as the designer has it. A draft may be incomplete (what keeps it
   * from publishing comes back as its problems) but must have the shape of a form.
   * The body carries the revision the designer read: a save made since by another
   * designer refuses this one (409 at `revision`) rather than being silently undone.
   */
  async saveDraft(user: AuthUser, id: number, body: SaveFormDraftBody, language: Language): Promise<FormVersionView> {
    refuseMisshapen(body.definition);
    const version = await this.dataSource.transaction(async (manager) => {
      const template = await this.findEditable(manager, user, id);
      const draft = await this.draftOf(manager, template);
      if (draft.revision !== body.revision) {
        const params = { version: draft.version, revision: draft.revision };
        throw new DomainError('evaluation_form_draft_changed', `Version ${draft.version} of ${template.code} is at revision ${draft.revision}, not ${body.revision}`, 409, [
          { field: 'revision', code: 'evaluation_form_draft_changed', params },
        ], params);
      }
      await manager.update(EvaluationFormVersion, draft.id, { definition: body.definition, revision: draft.revision + 1, updatedBy: user.id, updatedAt: new Date() });
      const names = body.name ? { name: body.name.zh, nameEn: body.name.en } : {};
      await manager.update(EvaluationFormTemplate, id, { ...names, updatedAt: new Date() });
      return draft.version;
    });
    return this.version(user, id, version, language);
  }

  /** Starts the next version as a copy of the last published one; one draft at a time. */
  async startDraft(user: AuthUser, id: number, language: Language): Promise<FormVersionView> {
    const version = await this.dataSource.transaction(async (manager) => {
      const template = await this.findEditable(manager, user, id);
      if (template.draft_version !== null) {
        throw new ConflictError(`Version ${template.draft_version} of ${template.code} is a draft already`, 'evaluation_form_draft_open', { version: template.draft_version });
      }
      const [last] = await manager.query(
        `SELECT version, definition FROM evaluation_form_versions WHERE template_id = $1 ORDER BY version DESC LIMIT 1`,
        [id],
      );
      await manager.insert(EvaluationFormVersion, {
        templateId: id, version: last.version + 1, status: 'draft', definition: last.definition, createdBy: user.id, updatedBy: user.id,
      });
      await manager.update(EvaluationFormTemplate, id, { updatedAt: new Date() });
      return (last.version + 1) as number;
    });
    return this.version(user, id, version, language);
  }

  /** Publishes the draft: checked whole (400 naming each problem at `definition.…`), then frozen. */
  async publish(user: AuthUser, id: number, language: Language): Promise<FormVersionView> {
    const version = await this.dataSource.transaction(async (manager) => {
      const template = await this.findEditable(manager, user, id);
      const draft = await this.draftOf(manager, template);
      const problems = validateDefinition(draft.definition).map(inDefinition);
      if (problems.length > 0) throw new ValidationError(problems, `Version ${draft.version} has ${problems.length} problems`);
      const now = new Date();
      await manager.update(EvaluationFormVersion, draft.id, { status: 'published', publishedBy: user.id, publishedAt: now, updatedBy: user.id, updatedAt: now });
      await manager.update(EvaluationFormTemplate, id, { updatedAt: now });
      return draft.version;
    });
    return this.version(user, id, version, language);
  }

  /**
   * Makes the template the default form, which plans naming none are pinned to at
   * approval; the default before it stops being one. Only a form with a published
   * version can be the default, so that approval always has a version to pin.
   */
  async makeDefault(user: AuthUser, id: number): Promise<FormTemplateView> {
    await this.dataSource.transaction(async (manager) => {
      const template = await this.findEditable(manager, user, id);
      if (template.published_version === null) {
        throw new ConflictError(`${template.code} has no published version`, 'evaluation_form_not_published', { ref: template.code });
      }
      await manager.query(`UPDATE evaluation_form_templates SET is_default = false, updated_at = now() WHERE is_default AND id <> $1`, [id]);
      await manager.query(`UPDATE evaluation_form_templates SET is_default = true, updated_at = now() WHERE id = $1 AND NOT is_default`, [id]);
    });
    return this.get(user, id);
  }

  /** The template stops being the default: plans naming no form then have none. */
  async clearDefault(user: AuthUser, id: number): Promise<FormTemplateView> {
    await this.dataSource.transaction(async (manager) => {
      await this.findEditable(manager, user, id);
      await manager.query(`UPDATE evaluation_form_templates SET is_default = false, updated_at = now() WHERE id = $1 AND is_default`, [id]);
    });
    return this.get(user, id);
  }

  /** The problems of an unsaved definition and of answers typed into it, as the API would name them. */
  preview(body: FormPreviewBody, language: Language): FormPreviewView {
    const definitionProblems = validateDefinition(body.definition).map(inDefinition);
    const shaped = definitionShapeProblems(body.definition).length === 0;
    const answerProblems = shaped ? validateAnswers(body.definition, body.answers ?? {}, body.stage ?? 'draft') : [];
    return { definitionProblems: definitionProblems.map((p) => answered(p, language)), answerProblems: answerProblems.map((p) => answered(p, language)) };
  }

  /**
   * The form a campaign's branches report on: the version pinned when its plan was
   * approved (the default form's when the plan named none); null when it is not
   * approved yet, or named none while no form was the default. The caller has
   * checked that the reader may see the campaign.
   */
  async pinnedVersion(campaignId: number, manager: EntityManager = this.dataSource.manager): Promise<PinnedFormVersion | null> {
    const [row] = await manager.query(
      `SELECT p.campaign_id, t.id AS template_id, t.code, t.name, t.name_en, v.id AS version_id, v.version, v.definition, p.pinned_at
         FROM campaign_form_versions p
         JOIN evaluation_form_versions v ON v.id = p.form_version_id
         JOIN evaluation_form_templates t ON t.id = v.template_id
        WHERE p.campaign_id = $1`,
      [campaignId],
    );
    if (!row) return null;
    return {
      campaignId: row.campaign_id,
      templateId: row.template_id,
      code: row.code,
      name: { zh: row.name, en: row.name_en },
      versionId: row.version_id,
      version: row.version,
      definition: row.definition,
      pinnedAt: row.pinned_at,
    };
  }

  /** The template, locked for the change, if the designer may change it: 404 outside the scope, 403 when owned above it. */
  private async findEditable(manager: EntityManager, user: AuthUser, id: number): Promise<TemplateRow> {
    const template = await findVisible(manager, user.scope, id, true);
    if (!user.scope.includesPath(template.owner_path)) {
      throw new ForbiddenError('This evaluation form belongs to a unit above yours; only that unit may change it', 'owned_above', { entity: 'evaluation_form' });
    }
    return template;
  }

  private async draftOf(manager: EntityManager, template: TemplateRow): Promise<EvaluationFormVersion> {
    const draft = await manager.findOne(EvaluationFormVersion, { where: { templateId: template.id, status: 'draft' } });
    if (!draft) throw new ConflictError(`${template.code} has no draft`, 'evaluation_form_no_draft', { version: template.published_version ?? 0 });
    return draft;
  }
}

async function findVisible(manager: EntityManager, scope: OrgScope, id: number, lock: boolean): Promise<TemplateRow> {
  const [row]: TemplateRow[] = await manager.query(`${SELECT_TEMPLATE} WHERE t.id = $3 AND ${VISIBLE(1, 2)}${lock ? ' FOR UPDATE OF t' : ''}`, [
    scope.pathPattern,
    scope.path,
    id,
  ]);
  if (!row) throw new NotFoundError('evaluation_form', id);
  return row;
}

function refuseMisshapen(definition: FormDefinition): void {
  const problems = definitionShapeProblems(definition).map(inDefinition);
  if (problems.length > 0) throw new ValidationError(problems);
}

/** A definition's problem named as the request names it: `definition.sections[0]…`. */
function inDefinition(problem: FieldProblem): FieldProblem {
  return { ...problem, field: problem.field === 'definition' ? 'definition' : `definition.${problem.field}` };
}

function answered(problem: FieldProblem, language: Language): FormProblemView {
  return { field: problem.field, code: problem.code, params: problem.params ?? {}, problem: renderError(problem.code, problem.params, language) };
}

function isDesigner(user: AuthUser): boolean {
  return hasAnyRole(user, FORM_DESIGNERS) && user.orgLevel <= PROVINCE_LEVEL;
}

function listItem(row: TemplateRow, user: AuthUser): FormTemplateListItem {
  const designer = isDesigner(user);
  return {
    id: row.id,
    code: row.code,
    name: { zh: row.name, en: row.name_en },
    ownerOrgUnitId: row.owner_org_unit_id,
    ownerOrgUnitName: row.owner_name,
    ownerOrgUnitNameEn: row.owner_name_en,
    isDefault: row.is_default,
    publishedVersion: row.published_version,
    draftVersion: designer ? row.draft_version : null,
    updatedAt: row.updated_at,
    editable: designer && user.scope.includesPath(row.owner_path),
  };
}

function summary(row: VersionRow): FormVersionSummary {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    revision: row.revision,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    publishedByName: row.published_by_name,
    campaigns: row.campaigns,
  };
}

function versionView(template: TemplateRow, row: VersionRow, language: Language): FormVersionView {
  const problems = row.status === 'draft' ? validateDefinition(row.definition).map(inDefinition).map((p) => answered(p, language)) : [];
  return { ...summary(row), templateId: template.id, code: template.code, name: { zh: template.name, en: template.name_en }, definition: row.definition, problems };
}
