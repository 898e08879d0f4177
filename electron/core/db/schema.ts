// Table types for Kysely. Money columns are INTEGER fen; dates are ISO text.
import type { Generated } from 'kysely';

export interface AppSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface StoredFileTable {
  id: Generated<number>;
  sha256: string;
  name: string;
  size: number;
  mime: string | null;
  content: Uint8Array;
  created_at: string;
  created_by: number | null;
}

export interface DB {
  app_setting: AppSettingTable;
  stored_file: StoredFileTable;
}

/** Main tables whose row counts the home page and `cli info` show, with their Chinese labels. */
export const MAIN_TABLES: ReadonlyArray<{ table: keyof DB & string; label: string }> = [
  { table: 'app_setting', label: '系统设置' },
  { table: 'stored_file', label: '附件文件' },
];
