import type { ReactNode } from 'react';
import { Button, Flex, Space, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { ErrorResult } from './ErrorResult.tsx';

/** A detail page whose record could not be loaded (not found, forbidden, failed): why, a retry, and the way back to its list. */
export function DetailLoadError({
  error,
  onRetry,
  backLabel,
  onBack,
  before,
}: {
  error: unknown;
  onRetry: () => void;
  backLabel: string;
  onBack: () => void;
  /** Shown above the error (e.g. the banner of a past date being viewed). */
  before?: ReactNode;
}) {
  return (
    <Flex vertical gap={16}>
      {before}
      <ErrorResult error={error} onRetry={onRetry} />
      <Flex justify="center">
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {backLabel}
        </Button>
      </Flex>
    </Flex>
  );
}

/** A detail page's heading: back to the list, the title, what follows it (tags), and a spinner while it reloads. */
export function DetailTitle({
  title,
  testId,
  backLabel,
  onBack,
  loading = false,
  children,
}: {
  title: ReactNode;
  testId: string;
  backLabel: string;
  onBack: () => void;
  loading?: boolean;
  children?: ReactNode;
}) {
  return (
    <Space size={8} wrap align="center">
      <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={backLabel} />
      <Typography.Title level={3} style={{ margin: 0 }} data-testid={testId}>
        {title}
      </Typography.Title>
      {children}
      {loading && <Spin size="small" />}
    </Space>
  );
}
