// Shared pieces of the 会计核算 pages: the accounting-set picker (remembered per window), period
// helpers, amount cells and the refusal message of the core.
import { useEffect, useState } from 'react';
import { Select, Space, Typography } from 'antd';
import type { LedgerSetRow } from '../../../../shared/contract';
import { useApi } from '../../api/client';
import { formatFen } from '../../format';
import { numStyle } from '../../components/page';

const { Text } = Typography;
const KEY = 'ufd.ledger.setId';

export function useLedgerSet(): { sets: LedgerSetRow[]; set: LedgerSetRow | undefined; setSetId: (id: number) => void; loading: boolean; reload: () => void } {
  const list = useApi('ledger.sets.list', { includeInactive: false });
  const [setId, setSetId] = useState<number | undefined>(() => {
    const v = Number(window.localStorage.getItem(KEY));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  });
  const sets = list.data ?? [];
  const set = sets.find((s) => s.id === setId) ?? sets[0];
  useEffect(() => {
    if (set) window.localStorage.setItem(KEY, String(set.id));
  }, [set]);
  return { sets, set, setSetId, loading: list.loading, reload: list.reload };
}

export function SetPicker({ sets, set, onChange }: { sets: LedgerSetRow[]; set: LedgerSetRow | undefined; onChange: (id: number) => void }) {
  return (
    <Space>
      <Text type="secondary">账套</Text>
      <Select
        data-testid="ledger-set"
        style={{ minWidth: 220 }}
        value={set?.id}
        placeholder="请选择账套"
        options={sets.map((s) => ({ value: s.id, label: `${s.name}（${s.chartName}）` }))}
        onChange={onChange}
      />
    </Space>
  );
}

/** Amount cell: right-aligned tabular figures; zero shows empty as on paper ledgers. */
export function Amount({ fen, testId, strong }: { fen: number | null | undefined; testId?: string; strong?: boolean }) {
  if (fen === null || fen === undefined) return null;
  const text = fen === 0 ? '' : formatFen(fen);
  return (
    <span style={{ ...numStyle, fontWeight: strong ? 600 : undefined }} data-testid={testId}>
      {text}
    </span>
  );
}

export const STATUS_COLORS: Record<string, string> = { 草稿: 'default', 已审核: 'blue', 已记账: 'green', 已作废: 'red' };

export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
