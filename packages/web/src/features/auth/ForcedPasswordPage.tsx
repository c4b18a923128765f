import { Alert, Button } from 'antd';
import { useAuth } from '../../shared/auth/AuthProvider.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { AuthCard } from './AuthCard.tsx';

/** Shown instead of any page while the user still has an initial or reset password. */
export default function ForcedPasswordPage() {
  const { t } = useI18n();
  const { me, refresh, logout } = useAuth();
  return (
    <AuthCard title={t('password.forcedTitle')}>
      <Alert type="info" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} />
      {me && (
        <Alert
          type="warning"
          title={`${me.displayName} (${me.username})`}
          style={{ marginBottom: 16 }}
          action={
            <Button size="small" type="link" onClick={() => void logout()}>
              {t('header.logout')}
            </Button>
          }
        />
      )}
      {/* The server clears mustChangePassword; asking /auth/me again lets the shell appear. */}
      <ChangePasswordForm onDone={() => refresh().then(() => undefined)} />
    </AuthCard>
  );
}
