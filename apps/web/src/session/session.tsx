import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { RoleName } from '@lib/auth/role';
import type { LoginAnswer, LoginInput, SessionUserView } from '@lib/auth/session-user.view';
import type { Serialized } from '@lib/common/serialized';
import { api, setUnauthorizedHandler } from '../api/client';

export type SessionUser = Serialized<SessionUserView>;

interface Session {
  /** undefined while the first /auth/me is under way, null when logged out. */
  user: SessionUser | null | undefined;
  login: (username: string, password: string) => Promise<SessionUser>;
  logout: () => Promise<void>;
  hasAnyRole: (roles?: readonly RoleName[]) => boolean;
}

const SessionContext = createContext<Session | null>(null);

/** Who is logged in. The session itself is the httpOnly cookie; this only mirrors GET /auth/me. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    setUnauthorizedHandler(() => setUser(null));
    api.get<SessionUserView>('/auth/me').then(setUser, () => setUser(null));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const answer = await api.post<LoginAnswer>('/auth/login', { username, password } satisfies LoginInput);
    setUser(answer.user);
    return answer.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo<Session>(
    () => ({
      user,
      login,
      logout,
      hasAnyRole: (roles) => !roles || roles.length === 0 || roles.some((role) => user?.roles.includes(role)),
    }),
    [user, login, logout],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in user, for pages inside the layout (which only renders once someone is logged in). */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a logged-in user');
  return user;
}
