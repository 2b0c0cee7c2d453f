/** The do-not-call list's answer and request body, shared by the server and the web (`@lib/contact-rules/do-not-call.view`). */
export interface DoNotCallEntry {
  customerId: number;
  customerNo: string;
  name: string;
  reason: string;
  since: Date;
  /** null: until removed by hand. */
  until: Date | null;
}

/** The body of POST /do-not-call. */
export interface DoNotCallInput {
  customerId: number;
  reason: string;
  /** A date-time, or a date YYYY-MM-DD; left out: until removed by hand. */
  until?: string;
}
