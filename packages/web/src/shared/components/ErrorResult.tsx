import { Button, Result } from 'antd';
import { isApiError } from '../api/client.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** A failed load shown as a Result with the server's message and a retry button. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const status = isApiError(error) ? error.status : 0;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={status === 403 ? t('forbidden.title') : t('common.errorTitle')}
      subTitle={message}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** The answer for a page the user's role may not open. */
export function ForbiddenResult({ message }: { message: string }) {
  const { t } = useI18n();
  return <Result status="403" title={t('forbidden.title')} subTitle={message} />;
}
