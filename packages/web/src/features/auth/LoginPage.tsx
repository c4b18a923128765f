import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { login } from './api.ts';
import { useAuth } from '../../shared/auth/AuthProvider.tsx';
import { safeNext } from '../../shared/auth/RequireAuth.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { AuthCard } from './AuthCard.tsx';

interface Values {
  username: string;
  password: string;
}

/** `/login`: username and password; then on to the page the user wanted. */
export default function LoginPage() {
  const { t } = useI18n();
  const { me, setMe, notice, probeError } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (me) return <Navigate to={next} replace />;

  const submit = async (values: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const user = await login(values.username.trim(), values.password);
      setMe(user);
      if (!user.mustChangePassword) void message.success(t('login.welcome', { name: user.displayName }));
      void navigate(next, { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setSubmitting(false);
    }
  };

  const shown = error ?? notice ?? (probeError instanceof Error ? probeError.message : null);
  return (
    <AuthCard title={t('login.title')}>
      {shown && <Alert type={error ? 'error' : 'warning'} showIcon title={shown} style={{ marginBottom: 16 }} />}
      <Form<Values> layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={submitting} block size="large">
          {t('login.submit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
