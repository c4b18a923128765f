import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { PageLoading } from '../components/PageLoading.tsx';
import { useAuth } from './AuthProvider.tsx';

const ForcedPasswordPage = lazy(() => import('../../features/auth/ForcedPasswordPage.tsx'));

/** Where to come back to after signing in: only paths of this site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** Renders its children for a signed-in user; sends others to the login page, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <PageLoading fullScreen />;
  if (me === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.mustChangePassword) {
    return (
      <Suspense fallback={<PageLoading fullScreen />}>
        <ForcedPasswordPage />
      </Suspense>
    );
  }
  return <>{children}</>;
}
