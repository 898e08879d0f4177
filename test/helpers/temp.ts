// Temporary folders and cores for tests: a real SQLite file built by the real migrations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../electron/core/app';

export function tempDir(prefix = 'ufd-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A frozen clock that tests can move forward. */
export function frozenClock(start = '2026-03-15T09:00:00+08:00') {
  let t = new Date(start).getTime();
  const now = () => new Date(t);
  return Object.assign(now, { advance: (ms: number) => (t += ms), set: (iso: string) => (t = new Date(iso).getTime()) });
}

export async function tempCore(options: Partial<CoreOptions> = {}): Promise<Core & { dir: string }> {
  const dir = tempDir();
  const core = await createCore({ dbPath: path.join(dir, 'ledger.sqlite3'), log: () => {}, ...options });
  return Object.assign(core, { dir });
}
