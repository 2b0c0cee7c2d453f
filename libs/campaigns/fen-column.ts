import { ValueTransformer } from 'typeorm';
import { Fen, formatYuan, parseYuan } from '@lib/common/money';

/** A numeric(14,2) yuan column read and written as integer fen (see libs/common/money.ts). */
export const fenColumn: ValueTransformer = {
  to: (fen: Fen | null | undefined) => (fen === null || fen === undefined ? fen : formatYuan(fen)),
  from: (yuan: string | null) => (yuan === null ? null : parseYuan(yuan)),
};

/** A numeric percent column (control share, response rate) as a number; percents fit a double exactly enough. */
export const percentColumn: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/**
 * A date[] column as local days 'YYYY-MM-DD'. node-postgres parses an array's dates into
 * Dates at local midnight and TypeORM converts only a single date, so without this the
 * plan's checks compared Dates with days and the API sent timestamps.
 */
export const localDaysColumn: ValueTransformer = {
  to: (days: string[] | undefined) => days,
  from: (days: (Date | string)[] | null) => days?.map(localDay) ?? days,
};

function localDay(day: Date | string): string {
  if (typeof day === 'string') return day;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
