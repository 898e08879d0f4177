// Sessions live in the core, keyed by the transport's channel: the renderer never holds a password
// or a user id it could forge. A session ends on sign-out or after the idle limit.
import type { Session } from './context';

export const DEFAULT_IDLE_MINUTES = 30;

export class SessionStore {
  #byChannel = new Map<string, Session>();
  idleMinutes = DEFAULT_IDLE_MINUTES;

  resolve(channel: string, now: Date): Session | undefined {
    const s = this.#byChannel.get(channel);
    if (!s) return undefined;
    if (now.getTime() - Date.parse(s.lastSeenAt) > this.idleMinutes * 60_000) {
      this.#byChannel.delete(channel);
      return undefined;
    }
    s.lastSeenAt = now.toISOString();
    return s;
  }

  begin(channel: string, session: Omit<Session, 'startedAt' | 'lastSeenAt'>, now: Date): Session {
    const s: Session = { ...session, startedAt: now.toISOString(), lastSeenAt: now.toISOString() };
    this.#byChannel.set(channel, s);
    return s;
  }

  end(channel: string): void {
    this.#byChannel.delete(channel);
  }

  /** Ends every session of a user (after a password reset, lock-out or role change). */
  endUser(userId: number): void {
    for (const [k, s] of this.#byChannel) if (s.userId === userId) this.#byChannel.delete(k);
  }

  /** Ends every session (after a restore: the restored database may hold other users). */
  endAll(): void {
    this.#byChannel.clear();
  }
}
