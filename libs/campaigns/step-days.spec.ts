import { stepDays } from './step-days';

describe('stepDays', () => {
  it('runs from the campaign start on the chosen weekdays', () => {
    // 2027-03-01 is a Monday.
    expect(stepDays('2027-03-01', '2027-03-07', { startOffsetDays: 0, startDate: null, daysOfWeek: [1, 3, 5] })).toEqual([
      '2027-03-01',
      '2027-03-03',
      '2027-03-05',
    ]);
  });

  it('starts after its offset or on its own date, never before the campaign or after its end', () => {
    expect(stepDays('2027-03-01', '2027-03-04', { startOffsetDays: 2, startDate: null, daysOfWeek: [1, 2, 3, 4, 5, 6, 7] })).toEqual([
      '2027-03-03',
      '2027-03-04',
    ]);
    expect(stepDays('2027-03-01', '2027-03-04', { startOffsetDays: null, startDate: '2027-02-20', daysOfWeek: [4] })).toEqual(['2027-03-04']);
    expect(stepDays('2027-03-01', '2027-03-04', { startOffsetDays: 10, startDate: null, daysOfWeek: [1, 2, 3, 4, 5, 6, 7] })).toEqual([]);
  });
});
