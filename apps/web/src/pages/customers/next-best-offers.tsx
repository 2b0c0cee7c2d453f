import { BulbOutlined } from '@ant-design/icons';
import { Card, List, Progress, Space, Typography } from 'antd';
import type { NextBestOfferView } from '@lib/offers/next-best-offer.view';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { L } from './labels';

/** Recommended cross-sell bundles for one customer; hidden while the recommendation service does not answer. */
export function NextBestOffers({ customerId }: { customerId: number }) {
  const { pick } = useI18n();
  const [offers, setOffers] = useState<NextBestOfferView[] | null>(null);

  useEffect(() => {
    let live = true;
    api.get<NextBestOfferView[]>(`/customers/${customerId}/next-best-offers`).then(
      (list) => live && setOffers(list),
      () => live && setOffers(null),
    );
    return () => {
      live = false;
    };
  }, [customerId]);

  if (!offers) return null;
  return (
    <Card
      title={
        <Space>
          <BulbOutlined style={{ color: '#faad14' }} />
          {pick(L.nextBestOffer)}
        </Space>
      }
      data-testid="next-best-offers"
    >
      <List<NextBestOfferView>
        dataSource={offers}
        locale={{ emptyText: pick(L.noOffers) }}
        renderItem={(offer) => (
          <List.Item
            key={offer.bundleId}
            extra={
              <Space direction="vertical" align="end" size={0}>
                <Typography.Text type="secondary">{pick(L.expectedValue)}</Typography.Text>
                <Typography.Text strong>¥{Number(offer.expectedValue).toLocaleString(undefined, { maximumFractionDigits: 0 })}</Typography.Text>
              </Space>
            }
          >
            <List.Item.Meta
              title={offer.name}
              description={
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Typography.Text type="secondary" data-testid="offer-reason">
                    {pick(offer.reason)}
                  </Typography.Text>
                  <Space>
                    <Typography.Text type="secondary">{pick(L.acceptanceRate)}</Typography.Text>
                    <Progress
                      percent={Math.round(offer.acceptanceRate * 100)}
                      size="small"
                      style={{ width: 160, margin: 0 }}
                      aria-label={pick(L.acceptanceRate)}
                    />
                  </Space>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
