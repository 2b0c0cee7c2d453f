import { ValidateBy, ValidationOptions } from 'class-validator';
import { problemCode } from './validation';

/**
 * The one reading of dates and date-times that requests carry. ISO 8601 allows far
 * more (week dates `2026-W01`, ordinal dates, the basic format `20261231T100000Z`)
 * than JavaScript's Date and PostgreSQL read the same way, so only the two extended
 * forms below are accepted, and only for days and times that exist.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date-time always carries its offset: an instant without one means a different moment to the server and to the branch. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))$/;

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** True for a calendar date written `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  const parts = typeof value === 'string' ? DATE.exec(value) : null;
  return parts !== null && isRealDay(Number(parts[1]), Number(parts[2]), Number(parts[3]));
}

/** The instant of `YYYY-MM-DDTHH:MM[:SS[.ffffff]]` with `Z` or `±HH:MM`; null for anything else. */
export function parseDateTime(value: unknown): Date | null {
  const parts = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!parts) return null;
  const [, year, month, day, hour, minute, second = '0', , zone, offsetHours = '0', offsetMinutes = '0'] = parts;
  if (!isRealDay(Number(year), Number(month), Number(day))) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  if (zone !== 'Z' && (Number(offsetHours) > 18 || Number(offsetMinutes) > 59)) return null;
  const instant = new Date(value as string);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** A `YYYY-MM-DD` date that exists; with `{ each: true }` for lists of dates. */
export function IsCalendarDate(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy({ name: 'isCalendarDate', validator: { validate: isCalendarDate } }, { ...problemCode('not_a_date'), ...options });
}

/** An ISO date-time with its offset (`2026-03-10T10:00:00+08:00`) that exists. */
export function IsDateTime(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    { name: 'isDateTime', validator: { validate: (value) => parseDateTime(value) !== null } },
    { ...problemCode('not_a_date_time'), ...options },
  );
}

/** A `YYYY-MM-DD` date or an ISO date-time with its offset, for a moment a person may give as a day. */
export function IsDateOrDateTime(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    { name: 'isDateOrDateTime', validator: { validate: (value) => isCalendarDate(value) || parseDateTime(value) !== null } },
    { ...problemCode('not_a_date_or_date_time'), ...options },
  );
}
