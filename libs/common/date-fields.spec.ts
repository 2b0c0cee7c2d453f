import { isCalendarDate, parseDateTime } from './date-fields';

describe('date-fields', () => {
  it('takes calendar dates that exist, written YYYY-MM-DD', () => {
    for (const good of ['2026-01-01', '2028-02-29', '2026-12-31']) expect(isCalendarDate(good)).toBe(true);
  });

  it('refuses other ISO 8601 forms and days that do not exist', () => {
    for (const bad of ['2026-W01', '2026-001', '20261231', '2026-02-29', '2026-13-01', '2026-04-31', '2026-1-1', '0000-01-01', '2026-01-01T00:00:00Z', 20260101, null]) {
      expect([bad, isCalendarDate(bad)]).toEqual([bad, false]);
    }
  });

  it('reads date-times with their offset as the instant they name', () => {
    expect(parseDateTime('2026-03-10T10:00:00+08:00')?.toISOString()).toBe('2026-03-10T02:00:00.000Z');
    expect(parseDateTime('2026-03-10T10:00Z')?.toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(parseDateTime('2026-03-10T10:00:00.123456-05:30')?.toISOString()).toBe('2026-03-10T15:30:00.123Z');
  });

  it('refuses basic-format, zone-less and impossible date-times', () => {
    for (const bad of ['20261231T100000Z', '2026-W01-1T10:00:00Z', '2026-12-31T10:00:00', '2026-12-31 10:00:00Z', '2026-12-31T24:30:00Z', '2026-12-31T10:60:00Z', '2026-02-30T10:00:00Z', '2026-12-31T10:00:00+25:00', '2026-12-31']) {
      expect([bad, parseDateTime(bad)]).toEqual([bad, null]);
    }
  });
});
