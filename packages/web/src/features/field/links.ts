import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../../shared/auth/AuthProvider.tsx';
import { chooseDesktop } from './fieldMode.ts';

/** A click handler that leaves field mode for the desktop home, and keeps the phone there this session. */
export function useDesktopLink(): () => void {
  const me = useMe();
  const navigate = useNavigate();
  return useCallback(() => {
    chooseDesktop(me);
    void navigate('/');
  }, [me, navigate]);
}
