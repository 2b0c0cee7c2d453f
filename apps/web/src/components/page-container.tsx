import { Flex, Typography } from 'antd';
import { ReactNode } from 'react';

/** A page's one h1 (what screen readers announce as the page), at the size of a section title so it does not shout. */
export function PageHeading({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Typography.Title level={1} style={{ margin: 0, fontSize: 20, lineHeight: 1.4 }} data-testid={testId}>
      {children}
    </Typography.Title>
  );
}

/** The common frame of a page: a title, optional actions on the right, then the content. */
export function PageContainer({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <PageHeading>{title}</PageHeading>
        {extra}
      </Flex>
      <Flex vertical gap={16}>
        {children}
      </Flex>
    </div>
  );
}

/** A page's title over a line saying what the page is for, for pages that lay out their own header. */
export function PageTitle({ title, subtitle }: { title: ReactNode; subtitle: ReactNode }) {
  return (
    <div>
      <PageHeading>{title}</PageHeading>
      <Typography.Text type="secondary">{subtitle}</Typography.Text>
    </div>
  );
}
