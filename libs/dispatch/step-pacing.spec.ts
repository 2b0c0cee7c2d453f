import { stepPacing, StepPacingInput } from './step-pacing';

/** 2027-03-01 (a Monday) at the given Beijing time. */
const at = (localTime: string): Date => new Date(`2027-03-01T${localTime}+08:00`);

const base: StepPacingInput = {
  now: at('10:00:00'),
  days: ['2027-03-01', '2027-03-02'],
  windowStart: '09:00',
  windowEnd: '18:00:00',
  quiet: { start: '21:00', end: '09:00' },
  holidays: [],
  dailyCapacity: 1000,
  releasedToday: 0,
  inFlight: 0,
  maxInFlight: 400,
  channelAllowance: 300,
};

describe(stepPacing.name, () => {
  it('releases the least of capacity left, room in flight and the channel rate', () => {
    expect(stepPacing(base)).toEqual({ release: 300, heldBy: null, localDay: '2027-03-01' });
    expect(stepPacing({ ...base, releasedToday: 900 }).release).toBe(100);
    expect(stepPacing({ ...base, inFlight: 150 }).release).toBe(250);
    expect(stepPacing({ ...base, dailyCapacity: null, maxInFlight: 10_000, channelAllowance: 5000 }).release).toBe(5000);
  });

  it('counts the day in Beijing time: 23:30 UTC on 28 February is the morning of 1 March', () => {
    const pacing = stepPacing({ ...base, now: new Date('2027-02-28T23:30:00Z'), windowStart: null, windowEnd: null, quiet: null });
    expect(pacing).toEqual({ release: 300, heldBy: null, localDay: '2027-03-01' });
  });

  it('holds outside the step days, the window, the quiet hours and on holidays', () => {
    expect(stepPacing({ ...base, now: new Date('2027-03-03T10:00:00+08:00') }).heldBy).toBe('not_a_step_day');
    expect(stepPacing({ ...base, now: at('08:59:59') }).heldBy).toBe('outside_window');
    expect(stepPacing({ ...base, now: at('18:00:00') }).heldBy).toBe('outside_window');
    expect(stepPacing({ ...base, windowStart: null, windowEnd: null, now: at('21:30:00') }).heldBy).toBe('quiet_hours');
    expect(stepPacing({ ...base, windowStart: null, windowEnd: null, now: at('06:00:00') }).heldBy).toBe('quiet_hours');
    expect(stepPacing({ ...base, quiet: { start: '12:00', end: '13:30' }, now: at('12:15:00') }).heldBy).toBe('quiet_hours');
    expect(stepPacing({ ...base, quiet: { start: '12:00', end: '13:30' }, now: at('13:30:00') }).heldBy).toBe(null);
    expect(stepPacing({ ...base, holidays: ['2027-03-01'] }).heldBy).toBe('holiday');
  });

  it('holds when the day is full, the step has enough in flight or the channel has no rate left', () => {
    expect(stepPacing({ ...base, releasedToday: 1000 }).heldBy).toBe('daily_capacity_reached');
    expect(stepPacing({ ...base, inFlight: 400 }).heldBy).toBe('backlog');
    expect(stepPacing({ ...base, channelAllowance: 0 }).heldBy).toBe('channel_rate');
  });

  it('tops the contacts in flight up only once half the bound is free, so that releases form full batches', () => {
    expect(stepPacing({ ...base, inFlight: 201 }).heldBy).toBe('backlog');
    expect(stepPacing({ ...base, inFlight: 200 })).toEqual({ release: 200, heldBy: null, localDay: '2027-03-01' });
    expect(stepPacing({ ...base, maxInFlight: 1, inFlight: 1 }).heldBy).toBe('backlog');
    expect(stepPacing({ ...base, maxInFlight: 1, inFlight: 0 }).release).toBe(1);
  });
});
