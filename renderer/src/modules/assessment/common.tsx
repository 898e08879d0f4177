// Shared pieces of the 考核评价 pages: the year picker, a unit picker searching the registry, points, and
// saving an export through the desktop dialog or the browser download.
import { useState } from 'react';
import { Select, Typography } from 'antd';
import type { ExportedFile } from '../../../../shared/bridge';
import { api, useApi } from '../../api/client';
import { YearPicker as BaseYearPicker } from '../../components/year';
import { numStyle } from '../../components/page';

const { Text } = Typography;

export const Dash = () => <Text type="secondary">—</Text>;

export function Pts({ v, strong, testId }: { v: number | null | undefined; strong?: boolean; testId?: string }) {
  if (v === null || v === undefined) return <span data-testid={testId}><Dash /></span>;
  const s = <span style={numStyle} data-testid={testId}>{Number.isInteger(v) ? v : v.toFixed(1)}</span>;
  return strong ? <strong>{s}</strong> : s;
}

export { useYearState as useAssessYear } from '../../components/year';

export function YearPicker({ label = '考核年度', ...p }: { value: number; onChange: (y: number) => void; testId: string; label?: string }) {
  return <BaseYearPicker label={label} {...p} />;
}

/** Searches the units registry by name or code (active units). */
export function UnitSelect({
  value, onChange, multiple, testId, placeholder = '输入单位名称或编码搜索', style,
}: {
  value: number | number[] | null | undefined;
  onChange: (v: any) => void;
  multiple?: boolean;
  testId: string;
  placeholder?: string;
  style?: React.CSSProperties;
}) {
  const [q, setQ] = useState('');
  const list = useApi('units.list', { q: q || null, active: true, page: 1, pageSize: 50 });
  const [known, setKnown] = useState(new Map<number, string>());
  const options = (list.data?.rows ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.code}，${u.kind}）` }));
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? undefined}
      placeholder={placeholder}
      style={{ minWidth: 280, ...style }}
      options={[...options, ...[...known].filter(([id]) => !options.some((o) => o.value === id)).map(([id, label]) => ({ value: id, label }))]}
      onChange={(v) => {
        const next = new Map(known);
        for (const id of Array.isArray(v) ? v : v ? [v] : []) {
          const o = options.find((x) => x.value === id);
          if (o) next.set(id, o.label);
        }
        setKnown(next);
        onChange(v ?? null);
      }}
      data-testid={testId}
    />
  );
}

export async function saveFile(f: ExportedFile, title: string): Promise<string | null> {
  return api.os.saveExport(f, { title });
}
