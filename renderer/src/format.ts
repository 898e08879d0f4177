// Display helpers for the renderer. Amounts are integer fen everywhere; formatting them is shared with
// the core (shared/money.ts: string arithmetic only, never floating-point division).
import dayjs, { type Dayjs } from 'dayjs';

/** Amounts: integer fen → "1,234.50" (and 大写), from the module shared with the core. */
export { formatFen, fenToChineseUpper, type FormatFenOptions } from '../../shared/money';

function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An integer with thousands separators: 1234567 → "1,234,567". */
export function formatInt(n: number | bigint): string {
  if (typeof n === 'number' && !Number.isFinite(n)) return '—';
  const v = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString();
  return (neg ? '-' : '') + groupDigits(digits);
}

/** A date as YYYY-MM-DD; an ISO date string passes through dayjs so "2024-03-05T…" works too. */
export function formatDate(value: string | number | Date | Dayjs | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : '';
}

/** A timestamp as YYYY-MM-DD HH:mm (local time). */
export function formatDateTime(value: string | number | Date | Dayjs | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : '';
}

/** A timestamp as YYYY-MM-DD HH:mm:ss (local time). */
export function formatDateTimeSeconds(value: string | number | Date | Dayjs | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : '';
}

/** A file size: 1536 → "1.5 KB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${n} 字节`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`;
}
