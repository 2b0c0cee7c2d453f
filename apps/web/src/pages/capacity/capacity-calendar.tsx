import { App, Button, Form, Input, InputNumber, Tag, Typography } from 'antd';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { FormModal } from '../../components/form-modal';
import { useShowError } from '../../components/errors';
import { useI18n } from '../../i18n/i18n';
import { capacityApi, type CapacityCalendar, type DayCapacity } from './capacity-api';
import { capacityText as text, WEEKDAYS } from './capacity-text';
import './capacity-calendar.css';

const count = (n: number | null, unlimited: string) => (n === null ? unlimited : n.toLocaleString());

/** The weeks of a month, Monday first, with blanks before the 1st and after the last day. */
function weeksOf(month: Dayjs, days: DayCapacity[]): (DayCapacity | null)[][] {
  const lead = (month.startOf('month').day() + 6) % 7;
  const cells: (DayCapacity | null)[] = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
}

/**
 * A month of one channel at one branch: each day's capacity, what approved campaigns
 * booked and what is left. Channel managers open a day to set or remove its override.
 */
export function CapacityCalendarGrid({
  channel,
  branchId,
  month,
  calendar,
  canEdit,
  onChanged,
}: {
  channel: StepChannel;
  branchId: number;
  month: Dayjs;
  calendar: CapacityCalendar;
  canEdit: boolean;
  onChanged: (calendar: CapacityCalendar) => void;
}) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [editing, setEditing] = useState<DayCapacity>();
  const [form] = Form.useForm<{ dailyCapacity: number; note?: string }>();
  const unlimited = pick(text.notLimited);
  // Days gone by keep what they had; only days to come take an override.
  const today = dayjs().format('YYYY-MM-DD');

  // A change answers with the days it touched; the rest of the month stays as it was.
  const merge = (answer: CapacityCalendar): CapacityCalendar => ({
    ...calendar,
    days: calendar.days.map((day) => answer.days.find((changed) => changed.day === day.day) ?? day),
  });

  const open = (day: DayCapacity) => {
    form.setFieldsValue({ dailyCapacity: day.capacity ?? undefined, note: undefined });
    setEditing(day);
  };
  const removeOverride = async (day: string) => {
    try {
      onChanged(merge(await capacityApi.removeOverride(channel, branchId, day)));
      setEditing(undefined);
      message.success(pick(text.overrideRemoved));
    } catch (error) {
      showError(error);
    }
  };

  const cell = (day: DayCapacity) => {
    const full = day.left !== null && day.left <= 0;
    const content = (
      <>
        <span className="capacity-day-head">
          <Typography.Text strong>{dayjs(day.day).date()}</Typography.Text>
          {day.overridden && <Tag color="purple" style={{ marginInlineEnd: 0 }}>{pick(text.overridden)}</Tag>}
        </span>
        <span className="capacity-figure"><span>{pick(text.capacity)}</span><span>{count(day.capacity, unlimited)}</span></span>
        <span className="capacity-figure"><span>{pick(text.booked)}</span><span>{day.booked.toLocaleString()}</span></span>
        <span className={`capacity-figure capacity-left${full ? ' capacity-full' : ''}`}>
          <span>{pick(text.left)}</span>
          <span data-testid={`left-${day.day}`}>{count(day.left, unlimited)}</span>
        </span>
      </>
    );
    const name = pick(text.dayLabel, { day: day.day, capacity: count(day.capacity, unlimited), booked: day.booked.toLocaleString(), left: count(day.left, unlimited) });
    return canEdit && day.day >= today ? (
      <button type="button" className="capacity-day" aria-label={name} onClick={() => open(day)} data-testid={`day-${day.day}`}>
        {content}
      </button>
    ) : (
      <div className={`capacity-day${day.day < today ? ' capacity-past' : ''}`} data-testid={`day-${day.day}`}>
        {content}
      </div>
    );
  };

  return (
    <>
      <table className="capacity-calendar" data-testid="capacity-calendar">
        <thead>
          <tr>
            {WEEKDAYS.map((weekday) => (
              <th key={weekday.en} scope="col">{pick(weekday)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeksOf(month, calendar.days).map((week, index) => (
            <tr key={index}>
              {week.map((day, column) => (
                <td key={day?.day ?? `blank-${column}`}>{day && cell(day)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <FormModal
          title={pick(text.overrideTitle, { day: editing.day })}
          form={form}
          onClose={() => setEditing(undefined)}
          save={async (fields) => {
            onChanged(merge(await capacityApi.setOverride(channel, branchId, editing.day, { dailyCapacity: fields.dailyCapacity, note: fields.note || undefined })));
            setEditing(undefined);
            message.success(pick(text.saved));
          }}
        >
          <Form.Item name="dailyCapacity" label={pick(text.dailyCapacity)} rules={[{ required: true, message: pick(text.required) }]}>
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} data-testid="override-capacity" />
          </Form.Item>
          <Form.Item name="note" label={pick(text.overrideNote)}>
            <Input maxLength={300} placeholder={pick(text.overridePlaceholder)} />
          </Form.Item>
          {editing.overridden && (
            <Button onClick={() => removeOverride(editing.day)} data-testid="remove-override">
              {pick(text.removeOverride)}
            </Button>
          )}
        </FormModal>
      )}
    </>
  );
}
