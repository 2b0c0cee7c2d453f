/** The answers of the evaluation-report endpoints (docs/evaluation-reports.md); the web imports them as types. */
import type { LocalText } from '../../common/error-messages';
import type { FigureExplanations, FormAnswers, FormDefinition, FormFieldType, FormValue, SystemFigure } from '../form-schema';
import type { ReportOccasion, ReportStatus } from './report-status';

/** A branch's figures of one campaign as docs/figures.md counts them: counts as whole numbers, money in yuan with two decimals. */
export type SystemFigureValues = Record<SystemFigure, string>;

export interface ReportBranch {
  id: number;
  name: string;
  nameEn: string | null;
}

/** A report in a list: "my reports" of a branch, or the reports a reviewer decides on. */
export interface ReportSummary {
  id: number;
  campaignId: number;
  campaignCode: string;
  campaignName: string;
  branch: ReportBranch;
  occasion: ReportOccasion;
  /** The checkpoint's date, or the day the campaign completed. */
  occasionDate: string;
  dueDate: string;
  status: ReportStatus;
  /** Not yet filed (draft or returned) and past its due date. */
  overdue: boolean;
  submittedAt: string | null;
  updatedAt: string;
  /** What the reader may do with it. */
  mayFill: boolean;
  mayReview: boolean;
}

export interface ReportHistoryEntry {
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  actorName: string | null;
  comment: string | null;
  fieldComments: Record<string, string>;
  at: string;
}

/** One report whole: its form, the branch's answers, the system figures beside them, the reviewer's comments and the history. */
export interface ReportDetail extends ReportSummary {
  form: FormDefinition;
  answers: FormAnswers;
  /** Field key → the system figure the field was prefilled with. */
  systemValues: Record<string, string>;
  explanations: FigureExplanations;
  /** The last return's overall comment and comments by field key. */
  reviewComment: string | null;
  fieldComments: Record<string, string>;
  history: ReportHistoryEntry[];
}

/** A field of the form, flattened in the form's order, for the side-by-side view and the XLSX columns. */
export interface ComparedField {
  key: string;
  label: LocalText;
  section: LocalText;
  type: FormFieldType;
  binding: SystemFigure | null;
}

export interface ComparedValue {
  value: FormValue;
  /** The system figure of a bound field; null for others. */
  system: string | null;
  /** True when the branch's answer differs from the system figure. */
  differs: boolean;
  explanation: string | null;
  comment: string | null;
}

export interface ComparedReport extends ReportSummary {
  values: Record<string, ComparedValue>;
  reviewComment: string | null;
}

export interface ReportOccasionView {
  occasion: ReportOccasion;
  occasionDate: string;
  reports: number;
  approved: number;
}

/** Every branch's report of one occasion of a campaign, with the same fields in the same order. */
export interface SideBySideView {
  campaignId: number;
  campaignCode: string;
  campaignName: string;
  campaignStatus: string;
  occasions: ReportOccasionView[];
  /** The occasion shown; null when the campaign has no reports yet. */
  occasion: ReportOccasionView | null;
  /** The form the occasion's reports share (the campaign's pinned version); null without reports. */
  form: FormDefinition | null;
  fields: ComparedField[];
  reports: ComparedReport[];
}
