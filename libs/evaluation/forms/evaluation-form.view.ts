/**
 * The evaluation form answers and request bodies, shared by the server and the web
 * (`@lib/evaluation/forms/evaluation-form.view`); pure types, no Nest.
 */
import type { ErrorCode, ErrorParams, LocalText } from '../../common/error-messages';
import type { FormAnswers, FormDefinition } from '../form-schema';
import type { AnswerStage } from '../form-validation';

export type FormVersionStatus = 'draft' | 'published';

/** A problem of a definition or of answers, with its text in the request's language. */
export interface FormProblemView {
  field: string;
  code: ErrorCode;
  params: ErrorParams;
  problem: string;
}

export interface FormVersionSummary {
  id: number;
  version: number;
  status: FormVersionStatus;
  /** How many times the draft was saved; a save carries the revision it was made on. */
  revision: number;
  updatedAt: Date;
  publishedAt: Date | null;
  publishedByName: string | null;
  /** Campaigns whose evaluation pins this version. */
  campaigns: number;
}

/** A template as the list shows it. */
export interface FormTemplateListItem {
  id: number;
  code: string;
  name: LocalText;
  ownerOrgUnitId: number;
  ownerOrgUnitName: string;
  ownerOrgUnitNameEn: string | null;
  /** The default form: a plan naming none is pinned to its version in force at approval. */
  isDefault: boolean;
  /** The version in force: the last published one; null before the first is published. */
  publishedVersion: number | null;
  /** The draft's version number; shown to designers only (null for everyone else). */
  draftVersion: number | null;
  updatedAt: Date;
  /** Whether the reader may edit its drafts and publish: a designer of the province whose scope holds the owning unit. */
  editable: boolean;
}

export interface FormTemplateList {
  items: FormTemplateListItem[];
}

/** A template with its versions, newest first (drafts for designers only). */
export interface FormTemplateView extends FormTemplateListItem {
  versions: FormVersionSummary[];
}

/** One version with its definition; a draft's also with what keeps it from publishing. */
export interface FormVersionView extends FormVersionSummary {
  templateId: number;
  code: string;
  name: LocalText;
  definition: FormDefinition;
  problems: FormProblemView[];
}

/** The body of POST /evaluation-forms: a new template and its first draft (empty when no definition is given). */
export interface FormTemplateInput {
  code: string;
  name: LocalText;
  definition?: FormDefinition;
}

/** The body of PUT /evaluation-forms/:id/draft. */
export interface FormDraftInput {
  definition: FormDefinition;
  /** The draft's revision as the designer read it; 409 when another save came since. */
  revision: number;
  /** The template's name, changed with the draft. */
  name?: LocalText;
}

/** The body of POST /evaluation-forms/preview: an unsaved definition and answers typed into it. */
export interface FormPreviewInput {
  definition: FormDefinition;
  answers?: FormAnswers;
  stage?: AnswerStage;
}

export interface FormPreviewView {
  definitionProblems: FormProblemView[];
  answerProblems: FormProblemView[];
}

/** The form a campaign's branches report on: the version pinned when its plan was approved (the default form's if the plan named none). */
export interface PinnedFormVersion {
  campaignId: number;
  templateId: number;
  code: string;
  name: LocalText;
  versionId: number;
  version: number;
  definition: FormDefinition;
  pinnedAt: Date;
}
