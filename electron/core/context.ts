// What a handler receives besides its input: the database, the clock, who is calling, and a way to
// report progress. Data paths, clock and ids are passed in so tests run the core in plain Node.
import type { Database } from './db/open';
import type { EventBus } from './events';
import type { FileAreas } from './files';

export interface Session {
  userId: number;
  username: string;
  displayName: string;
  roles: string[];
  /** When the session began and was last used (ISO). */
  startedAt: string;
  lastSeenAt: string;
}

export interface SessionControl {
  begin(session: Omit<Session, 'startedAt' | 'lastSeenAt'>): Session;
  end(): void;
  /** Ends every session of a user (after a reset, lock-out or role change). */
  endUser(userId: number): void;
  /** Ends every session of every user (after a database restore). */
  endAll(): void;
}

export interface CoreEnv {
  db: Database;
  dbPath: string;
  dataDir: string;
  appVersion: string;
  /** The clock; tests freeze it. */
  now: () => Date;
  events: EventBus;
  /** Upload and export areas under the data folder. */
  files: FileAreas;
}

export interface HandlerContext extends CoreEnv {
  /** The transport's key for this caller (`ipc:<window>`, `http:<cookie>`, `cli`). */
  channel: string;
  /** The signed-in user, if any. */
  session: Session | undefined;
  /** The role the caller acts in for this call (the first of their roles the handler allows). */
  actingRole: string;
  /** Ends or begins this channel's session (sign-in/out handlers). */
  sessions: SessionControl;
  /** Reports progress of a long task to this caller. */
  progress: (done: number, total: number, message?: string) => void;
}
