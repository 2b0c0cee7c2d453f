/**
 * The call centre's answers and its disposition codes (docs/call-centre.md). A pure
 * file: the web imports it with `import type` and the code list as a value.
 */

/** What an agent records after a call; the same codes in the dialler's result file. */
export const DISPOSITIONS = [
  'no_answer',
  'busy',
  'wrong_number',
  'callback',
  'not_interested',
  'interested',
  'converted',
  'do_not_call_again',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Dispositions after which the number is tried again on a later slot, up to CALL_ATTEMPTS calls. */
export const RETRIED_DISPOSITIONS: readonly Disposition[] = ['no_answer', 'busy'];

export interface CallCustomerView {
  id: number;
  customerNo: string;
  name: string;
  phone: string | null;
  city: string | null;
  orgUnitName: string;
}

export interface CallHoldingView {
  policyNo: string;
  productCode: string;
  productName: string;
  status: string;
  startDate: string;
  endDate: string;
  premium: string;
}

export interface CallClaimView {
  claimNo: string;
  policyNo: string;
  claimDate: string;
  amount: string;
  status: string;
}

export interface CallBundleView {
  name: string;
  shortText: string;
  /** As people write it: ¥1,234.00. */
  price: string;
  talkingPoints: string[];
  objections: { objection: string; answer: string }[];
}

/** A call handed to an agent: who to call, what they hold, what to offer and how. */
export interface CallView {
  contactId: number;
  campaignId: number;
  campaignName: string;
  stepId: number;
  branchId: number;
  /** The calls made to this contact before this one. */
  previousCalls: number;
  /** Set when this call is a callback the agent agreed. */
  callbackAt: string | null;
  customer: CallCustomerView;
  holdings: CallHoldingView[];
  claims: CallClaimView[];
  bundle: CallBundleView | null;
  /** The step's phone template rendered for this customer. */
  script: string;
}

/** Calls that were not handed out on the way to this one, by reason. */
export interface CallSkip {
  contactId: number;
  reason: string;
}

/** The answer of POST /api/calls/next: a call, or why there is none now. */
export interface NextCallView {
  call: CallView | null;
  /** When no call is handed out: 'list_empty', or the reason that holds every call back now (quiet_hours, holiday). */
  waitingFor: string | null;
  skipped: CallSkip[];
}

export interface DispositionRecordedView {
  contactId: number;
  disposition: Disposition;
  /** The contact's status after the disposition. */
  status: string;
  /** When the contact is called again (a retry slot or the callback time); null when it is done. */
  nextCallAt: string | null;
  /** For 'converted': whether the policy was found and attributed now (otherwise when it is imported). */
  attributed: boolean;
}

export interface CallbackView {
  contactId: number;
  customerName: string;
  campaignName: string;
  callbackAt: string;
  note: string | null;
}

/** One line of a branch's call list as the export writes it. */
export interface CallListLine {
  contactId: number;
  campaignCode: string;
  customerNo: string;
  customerName: string;
  phone: string | null;
  bundleName: string | null;
  dueAt: string;
  calls: number;
}

export interface CallResultProblem {
  /** The line of the file, counting the header as line 1. */
  line: number;
  field: string;
  code: string;
  params?: Record<string, string | number>;
}

/** What an import of dialler results did: rows recorded, and each refused row with its problem. */
export interface CallResultsImportView {
  rows: number;
  recorded: number;
  problems: CallResultProblem[];
}
