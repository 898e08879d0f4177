// The signed-in user and the federation, for every page: who is signed in (roles decide what is shown),
// and the actions of the title bar (change password, sign out) and of pages that end the session (a
// restore). The App owns the state; pages read it with useSession().
import { createContext, useContext } from 'react';
import type { SessionUser, SetupStatus } from '../../shared/contract';

export interface SessionValue {
  user: SessionUser;
  org: SetupStatus;
  /** Reads the user again from the core (after a password change). */
  refreshUser(): Promise<void>;
  /** Signs out and shows the sign-in page. */
  signOut(): Promise<void>;
  /** Opens the change-password dialog. */
  changePassword(): void;
  /** The core has ended the session (e.g. after a restore): show sign-in with this notice. */
  sessionEnded(notice: string): void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession 只能在登录后的页面中使用。');
  return s;
}

/** Whether the user holds at least one of the roles. */
export function hasAnyRole(user: { roles: readonly string[] } | null | undefined, roles: readonly string[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}
