import { Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { CapacityCalendarView } from '@lib/capacity/capacity.view';
import { stepDays } from '@lib/campaigns/step-days';
import type { Serialized } from '@lib/common/serialized';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { StepChannel } from './campaign-api';
import { campaignText as text } from './campaign-text';

/** The plan must rest this long before the calendars are read again. */
const DEBOUNCE_MS = 600;

interface BranchLeft {
  branchId: number;
  /** null: the channel is not limited at the branch. */
  leastLeft: number | null;
  shortDays: number;
}

/**
 * What the channel has left for this step at each branch it covers on the days it
 * sends, leaving out what this campaign booked itself: the planner sees before
 * submitting whether the daily capacity can be booked at approval.
 */
export function StepCapacity({ channel, branchIds, campaignStart, campaignEnd, step, dailyCapacity, campaignId, branchName }: {
  channel: StepChannel;
  branchIds: number[];
  campaignStart?: string;
  campaignEnd?: string;
  step: { startOffsetDays: number | null; startDate: string | null; daysOfWeek: number[] };
  dailyCapacity: number | null;
  campaignId?: number;
  branchName: (id: number) => string;
}) {
  const { pick } = useI18n();
  const [rows, setRows] = useState<BranchLeft[]>([]);
  const days = campaignStart && campaignEnd && campaignStart <= campaignEnd ? stepDays(campaignStart, campaignEnd, step) : [];
  const key = JSON.stringify({ channel, branchIds, days, dailyCapacity, campaignId });

  useEffect(() => {
    const { channel: ch, branchIds: branches, days: wanted, dailyCapacity: daily, campaignId: except } = JSON.parse(key) as {
      channel: StepChannel; branchIds: number[]; days: string[]; dailyCapacity: number | null; campaignId?: number;
    };
    if (wanted.length === 0 || branches.length === 0) {
      setRows([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      Promise.all(
        branches.map((branchId) =>
          api
            .get<CapacityCalendarView>(`/channel-capacities/${ch}/branches/${branchId}/calendar`, { from: wanted[0], to: wanted[wanted.length - 1], exceptCampaignId: except })
            .then((calendar: Serialized<CapacityCalendarView>) => summarise(branchId, calendar, new Set(wanted), daily ?? 0)),
        ),
      ).then(
        (found) => !stale && setRows(found),
        // The capacity hint is advice beside the plan; approval checks capacity itself.
        () => !stale && setRows([]),
      );
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [key]);

  if (rows.length === 0) return null;
  return (
    <Space wrap size={[4, 4]} data-testid="step-capacity-left">
      <Typography.Text type="secondary">{pick(text.capacityLeft)}</Typography.Text>
      {rows.map((row) => (
        <Tag key={row.branchId} color={row.shortDays > 0 ? 'error' : 'default'}>
          {branchName(row.branchId)}:{' '}
          {row.leastLeft === null
            ? pick(text.capacityUnlimited)
            : pick(row.shortDays > 0 ? text.capacityShort : text.capacityEnough, { left: row.leastLeft, days: row.shortDays })}
        </Tag>
      ))}
    </Space>
  );
}

function summarise(branchId: number, calendar: Serialized<CapacityCalendarView>, wanted: Set<string>, daily: number): BranchLeft {
  const limited = calendar.days.filter((d) => wanted.has(d.day) && d.left !== null);
  if (limited.length === 0) return { branchId, leastLeft: null, shortDays: 0 };
  const lefts = limited.map((d) => d.left as number);
  return { branchId, leastLeft: Math.min(...lefts), shortDays: lefts.filter((left) => left < daily).length };
}
