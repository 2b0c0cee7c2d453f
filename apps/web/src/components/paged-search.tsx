import { SearchOutlined } from '@ant-design/icons';
import { Button, Form, Space, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import type { Page } from '@lib/common/page';
import type { Serialized } from '@lib/common/serialized';
import { api, Query } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useErrorText } from './errors';

/** One page of rows (Row: the server's view type) from a paged API endpoint, fetched again when the query changes and on `reload()`. */
export function usePagedRows<Row>(path: string, query: Query) {
  const errorText = useErrorText();
  const [result, setResult] = useState<Serialized<Page<Row>>>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  // Callers build the query afresh on each render; its text says whether it really changed.
  const queryText = JSON.stringify(query);

  const reload = useCallback(() => {
    setLoading(true);
    api
      .get<Page<Row>>(path, JSON.parse(queryText) as Query)
      .then((answer) => {
        setResult(answer);
        setError(undefined);
      })
      .catch((e) => setError(errorText(e)))
      .finally(() => setLoading(false));
  }, [path, queryText, errorText]);
  useEffect(reload, [reload]);

  return { result, loading, error, reload };
}

/** The search and reset buttons closing an inline filter form. */
export function SearchButtons({ onReset }: { onReset: () => void }) {
  const { t } = useI18n();
  return (
    <Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('common.search')}
        </Button>
        <Button onClick={onReset}>{t('common.reset')}</Button>
      </Space>
    </Form.Item>
  );
}

/** A table of one page of rows with a pager; changing the page size goes back to the first page. */
export function PagedTable<Row extends { id: number }>({
  columns,
  result,
  loading,
  page,
  pageSize,
  onPage,
}: {
  columns: ColumnsType<Row>;
  result: Page<Row> | undefined;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Table<Row>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={result?.items ?? []}
      pagination={{
        current: page,
        pageSize,
        total: result?.total ?? 0,
        showSizeChanger: true,
        showTotal: (total) => t('common.total', { total }),
        onChange: (nextPage, nextSize) => onPage(nextSize !== pageSize ? 1 : nextPage, nextSize),
      }}
    />
  );
}
