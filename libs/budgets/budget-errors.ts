import { ConflictError, Fen, formatYuan } from '@lib/common';

/** A reservation or allocation larger than what the pool has free. */
export function insufficientPool(remainingFen: Fen, neededFen: Fen): ConflictError {
  return new ConflictError(
    `The budget pool has ${formatYuan(remainingFen)} yuan left; ${formatYuan(neededFen)} yuan more are needed`,
    'budget_pool_insufficient',
    { remaining: formatYuan(remainingFen), needed: formatYuan(neededFen) },
  );
}

/** Money asked of a campaign, branch or channel beyond what it has left. */
export function budgetExceeded(remainingFen: Fen): ConflictError {
  return new ConflictError(`This exceeds the remaining budget of ${formatYuan(remainingFen)} yuan`, 'budget_exceeded', {
    remaining: formatYuan(Math.max(remainingFen, 0)),
  });
}
