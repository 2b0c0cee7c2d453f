import { Card, Col, DatePicker, Empty, Row, Select, Space, Spin, Typography } from 'antd';
import type { StepChannel } from '@lib/campaigns/campaign-commitment';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { OrgUnitSelect, useOrgUnits } from '../../components/org-units';
import { useShowError } from '../../components/errors';
import { PageContainer } from '../../components/page-container';
import { useI18n } from '../../i18n/i18n';
import { useSession, useUser } from '../../session/session';
import { CHANNEL_LABELS } from '../campaigns/campaign-text';
import { CAPACITY_MANAGERS, capacityApi, type CapacityCalendar, type CapacityDefault, type ChannelSetting } from './capacity-api';
import { CapacityCalendarGrid } from './capacity-calendar';
import { capacityText as text } from './capacity-text';
import { ChannelCostsCard } from './channel-costs-card';
import { DefaultCapacityCard } from './default-capacity-card';

/** Province-wide settings (the default costs) are changed by users of the province branch or the head office. */
const PROVINCE_LEVEL = 2;

/**
 * The channel manager's capacity calendar: per channel and branch, a month of
 * capacity, booked and left per day, the default capacity and per-date overrides,
 * and each channel's default cost per contact.
 */
export default function CapacityPage() {
  const { pick, label, locale, localName } = useI18n();
  const { hasAnyRole } = useSession();
  const user = useUser();
  const canEdit = hasAnyRole(CAPACITY_MANAGERS);
  const showError = useShowError();
  const { units } = useOrgUnits();
  const [channel, setChannel] = useState<StepChannel>('phone');
  const [branchId, setBranchId] = useState<number>();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  const [defaults, setDefaults] = useState<CapacityDefault[]>([]);
  const [calendar, setCalendar] = useState<CapacityCalendar>();
  const [settings, setSettings] = useState<ChannelSetting[]>([]);

  const loadDefaults = useCallback(() => {
    capacityApi.defaults(channel).then(setDefaults, showError);
  }, [channel, showError]);
  useEffect(loadDefaults, [loadDefaults]);

  const loadCalendar = useCallback(() => {
    setCalendar(undefined);
    if (branchId === undefined) return;
    capacityApi.calendar(channel, branchId, month.startOf('month').format('YYYY-MM-DD'), month.endOf('month').format('YYYY-MM-DD')).then(setCalendar, showError);
  }, [channel, branchId, month, showError]);
  useEffect(loadCalendar, [loadCalendar]);

  useEffect(() => {
    capacityApi.settings().then(setSettings, showError);
  }, [showError]);

  const branchLabel = useCallback(
    (id: number, fallback: string) => {
      const unit = units.find((u) => u.id === id);
      return unit ? localName(unit.name, unit.nameEn) : fallback;
    },
    [units, localName],
  );
  const branchName = branchId === undefined ? '' : branchLabel(branchId, '');
  // A picked day keeps the locale it was made in; the title follows the reader's.
  const monthTitle = locale === 'zh' ? month.format('YYYY年M月') : month.locale('en').format('MMMM YYYY');

  return (
    <PageContainer
      title={pick(text.title)}
      extra={
        <Space wrap>
          <Select
            aria-label={pick(text.channel)}
            value={channel}
            onChange={setChannel}
            options={Object.keys(CHANNEL_LABELS).map((code) => ({ value: code as StepChannel, label: label(CHANNEL_LABELS, code) }))}
            style={{ width: 150 }}
            data-testid="capacity-channel"
          />
          <OrgUnitSelect value={branchId} onChange={setBranchId} placeholder={pick(text.branch)} allowClear={false} />
          <DatePicker
            picker="month"
            aria-label={pick(text.month)}
            value={month}
            onChange={(value) => value && setMonth(value.startOf('month'))}
            allowClear={false}
            data-testid="capacity-month"
          />
        </Space>
      }
    >
      <Typography.Text type="secondary">{pick(text.subtitle)}</Typography.Text>
      <Card
        title={
          branchId === undefined
            ? pick(text.chooseBranch)
            : pick(text.calendarTitle, { branch: branchName, channel: label(CHANNEL_LABELS, channel), month: monthTitle })
        }
      >
        {branchId === undefined ? (
          <Empty description={pick(text.chooseBranch)} />
        ) : calendar ? (
          <CapacityCalendarGrid channel={channel} branchId={branchId} month={month} calendar={calendar} canEdit={canEdit} onChanged={setCalendar} />
        ) : (
          <Spin />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <DefaultCapacityCard
            channel={channel}
            branchId={branchId}
            defaults={defaults}
            canEdit={canEdit}
            onSaved={() => {
              loadDefaults();
              loadCalendar();
            }}
            onChooseBranch={setBranchId}
            branchLabel={branchLabel}
          />
        </Col>
        <Col xs={24} xl={10}>
          <ChannelCostsCard
            settings={settings}
            canEdit={canEdit && user.orgLevel <= PROVINCE_LEVEL}
            onSaved={(saved) => setSettings((list) => list.map((s) => (s.channel === saved.channel ? saved : s)))}
          />
        </Col>
      </Row>
    </PageContainer>
  );
}
