import { App, Card } from 'antd';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** `/account/password`: change one's own password. */
export default function ChangePasswordPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  return (
    <Card title={t('password.title')} style={{ maxWidth: 480 }}>
      <ChangePasswordForm onDone={() => void message.success(t('password.changed'))} />
    </Card>
  );
}
