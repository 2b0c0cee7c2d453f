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
