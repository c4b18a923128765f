import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, logout as apiLogout, type Me } from './session.ts';
import { onUnauthorized } from '../api/client.ts';

interface AuthValue {
  /** The signed-in user; null when signed out; undefined while the session is being checked. */
  me: Me | null | undefined;
  /** An error met while checking the session (server down), shown instead of the login form. */
  probeError: unknown;
  /** Why the user was sent to the login page (e.g. the session expired), from the server's message. */
  notice: string | null;
  setMe: (me: Me | null) => void;
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
  clearNotice: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Holds who is signed in: asks `/auth/me` once, and forgets the user as soon as any request answers 401. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [probeError, setProbeError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const user = await fetchMe();
      setProbeError(undefined);
      setMe(user);
      return user;
    } catch (e) {
      setProbeError(e);
      setMe(null);
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    onUnauthorized((error) => {
      setNotice(error.message);
      setMe(null);
    });
    return () => onUnauthorized(null);
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      setNotice(null);
      setMe(null);
    }
  }, []);

  const value = useMemo<AuthValue>(
    () => ({
      me,
      probeError,
      notice,
      setMe: (user) => {
        setProbeError(undefined);
        setNotice(null);
        setMe(user);
      },
      refresh,
      logout,
      clearNotice: () => setNotice(null),
    }),
    [me, probeError, notice, refresh, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The session state and its actions. */
export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user, for pages that render only behind RequireAuth. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
