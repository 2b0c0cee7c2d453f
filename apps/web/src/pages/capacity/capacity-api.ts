import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import type { CapacityCalendarView, CapacityDefaultView, ChannelSettingView } from '@lib/capacity/capacity.view';
import type { Serialized } from '@lib/common/serialized';
import type { RoleName } from '@lib/auth/role';
import { api } from '../../api/client';

export type CapacityCalendar = Serialized<CapacityCalendarView>;
export type CapacityDefault = Serialized<CapacityDefaultView>;
export type DayCapacity = CapacityCalendar['days'][number];
export type ChannelSetting = Serialized<ChannelSettingView>;

/** Set capacities, overrides and default costs (CAPACITY_MANAGERS of libs/capacity/capacity-roles.ts). */
export const CAPACITY_MANAGERS: RoleName[] = ['channel_manager', 'admin'];

const branchPath = (channel: StepChannel, branchId: number) => `/channel-capacities/${channel}/branches/${branchId}`;

export const capacityApi = {
  defaults: (channel: StepChannel) => api.get<CapacityDefaultView[]>('/channel-capacities', { channel }),
  setDefault: (channel: StepChannel, branchId: number, body: { seats?: number; contactsPerSeat?: number; dailyCapacity?: number }) =>
    api.put<CapacityDefaultView>(branchPath(channel, branchId), body),
  calendar: (channel: StepChannel, branchId: number, from: string, to: string) =>
    api.get<CapacityCalendarView>(`${branchPath(channel, branchId)}/calendar`, { from, to }),
  setOverride: (channel: StepChannel, branchId: number, day: string, body: { dailyCapacity: number; note?: string }) =>
    api.put<CapacityCalendarView>(`${branchPath(channel, branchId)}/days/${day}`, body),
  removeOverride: (channel: StepChannel, branchId: number, day: string) => api.delete<CapacityCalendarView>(`${branchPath(channel, branchId)}/days/${day}`),
  settings: () => api.get<ChannelSettingView[]>('/channel-settings'),
  setCost: (channel: StepChannel, defaultCostPerContact: string) => api.put<ChannelSettingView>(`/channel-settings/${channel}`, { defaultCostPerContact }),
};
