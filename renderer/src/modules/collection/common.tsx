// Shared pieces of the 经费收缴 pages: amounts, the year, the ledger set to post to, what the caller may do.
import { Select, Tag, Typography } from 'antd';
import { useApi } from '../../api/client';
import { formatFen } from '../../format';
import { numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { COLLECTION_CLERKS, REFUND_PAYERS } from '../../../../shared/contract/collection';
import { beijingDate } from '../../../../shared/dates';

const { Text } = Typography;

export const Dash = () => <Text type="secondary">—</Text>;

export function Fen({ v, testId }: { v: number | null | undefined; testId?: string }) {
  if (v === null || v === undefined) return <Dash />;
  return <span style={numStyle} data-testid={testId}>{formatFen(v)}</span>;
}

export function bp(v: number): string {
  return `${(v / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
}

export { useYearState as useYear, YearPicker } from '../../components/year';

export function useCan() {
  const { user } = useSession();
  return { write: hasAnyRole(user, COLLECTION_CLERKS), pay: hasAnyRole(user, REFUND_PAYERS) };
}

/** The county-level (C chart) ledger sets collection posts to. */
export function SetSelect({ value, onChange, testId }: { value: number | null; onChange: (id: number) => void; testId: string }) {
  const sets = useApi('ledger.sets.list', { includeInactive: false });
  const options = (sets.data ?? []).filter((s) => s.chart === 'C').map((s) => ({ value: s.id, label: s.name }));
  if (value === null && options.length === 1) setTimeout(() => onChange(options[0].value), 0);
  return <Select style={{ width: 200 }} placeholder="记账账套" value={value ?? undefined} onChange={onChange} options={options} data-testid={testId} />;
}

/** Today's date in China (shared/dates.ts), whatever the PC's time zone. */
export function today(): string {
  return beijingDate(new Date());
}

const FLAG_COLORS: Record<string, string> = { 应缴未缴: 'red', 少缴: 'orange', 申报不实: 'magenta' };
export function FlagTag({ kind }: { kind: string }) {
  return <Tag color={FLAG_COLORS[kind] ?? 'default'}>{kind}</Tag>;
}
const STATUS_COLORS: Record<string, string> = { 待跟进: 'red', 跟进中: 'blue', 已解决: 'green', 待转账: 'blue', 已转账: 'green', 转账失败: 'red', 已重发: 'default' };
export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  return <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={testId}>{status}</Tag>;
}
