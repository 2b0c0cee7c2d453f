/** What an SMTP refusal means for a contact: 5xx is for good (a hard bounce), anything else may pass later. */
export function smtpFailure(error: unknown): { hard: boolean; reason: string; detail: string } {
  const { responseCode, response, message, code } = error as { responseCode?: number; response?: string; message?: string; code?: string };
  const detail = String(response ?? message ?? error).slice(0, 300);
  if (typeof responseCode === 'number') return { hard: responseCode >= 500 && responseCode < 600, reason: `smtp_${responseCode}`, detail };
  return { hard: false, reason: code ? `connection_${code.toLowerCase()}`.slice(0, 40) : 'connection', detail };
}
