/**
 * The insurer's local time zone. Quiet hours, holidays, renewal windows and every
 * "today" in SQL use it explicitly (`(now() AT TIME ZONE …)::date`), because the
 * database session runs in UTC, where 00:00–08:00 local time is still yesterday.
 */
export const LOCAL_TIME_ZONE = 'Asia/Shanghai';

/** SQL for today's local date. */
export const LOCAL_TODAY_SQL = `(now() AT TIME ZONE '${LOCAL_TIME_ZONE}')::date`;
