/**
 * The message template answers and request bodies, shared by the server and the web
 * (`@lib/message-templates/message-template.view`); pure types, no Nest.
 */
import type { ErrorCode, ErrorParams } from '../common/error-messages';
import type { TemplateChannel } from './template-channel';

export type TemplateObjective = 'cross_sell' | 'retention' | 'win_back' | 'referral';

/** A database template as the list shows it. */
export interface MessageTemplateListItem {
  id: number;
  key: string;
  channel: TemplateChannel;
  name: string;
  objective: TemplateObjective | null;
  ownerOrgUnitId: number;
  ownerOrgUnitName: string;
  ownerOrgUnitNameEn: string | null;
  version: number;
  updatedAt: Date;
  updatedByName: string;
  /** Whether the reader may change it: a channel manager (or admin) whose scope holds the owning unit. */
  editable: boolean;
}

/** One template with its parts: subject, html and text for email; body for the other channels (the others are null). */
export interface MessageTemplateView extends MessageTemplateListItem {
  subject: string | null;
  html: string | null;
  text: string | null;
  body: string | null;
}

/** A file template in `templates/<channel>/<ref>/`, which steps name like a database template. */
export interface FileTemplateView {
  ref: string;
  channel: TemplateChannel;
}

export interface MessageTemplateList {
  items: MessageTemplateListItem[];
  /** The file templates, every one readable by all; filtered by channel and search like the database ones. */
  files: FileTemplateView[];
}

/** The body of POST /message-templates. */
export interface MessageTemplateInput {
  key: string;
  channel: TemplateChannel;
  name: string;
  objective?: TemplateObjective | null;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
}

/** The body of PATCH /message-templates/:id: the version edited, and what changes. */
export interface MessageTemplateChanges {
  version: number;
  name?: string;
  objective?: TemplateObjective | null;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
}

/** A template's parts, unsaved, rendered on a customer of the reader's scope (a sample one when none is given). */
export interface TemplatePreviewInput {
  channel: TemplateChannel;
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
  customerId?: number;
  /** The bundle whose texts fill `bundle.*`; the first bundle on sale in the scope when left out. */
  bundleId?: number;
}

/** A problem of one part of a template, localised like the field problems of a refusal. */
export interface TemplateProblemView {
  field: string;
  code: ErrorCode;
  params: ErrorParams;
  problem: string;
}

export interface TemplatePreviewView {
  /** Empty when the template has problems. */
  subject: string;
  html: string;
  text: string;
  problems: TemplateProblemView[];
  customer: { id: number; name: string } | null;
}

export interface TestSendView {
  /** The signed-in user's own address, where the test went. */
  to: string;
  subject: string;
}
