// The fiscal-year picker every module's toolbar uses, and the year a page starts on: the organisation's
// fiscal year from the first-run settings, or this calendar year.
import { useState } from 'react';
import { InputNumber, Typography } from 'antd';
import { useSession } from '../session';

const { Text } = Typography;

/** The organisation's fiscal year (first-run settings), else this calendar year. */
export function useDefaultYear(): number {
  const { org } = useSession();
  const fy = org.fiscalYear;
  return typeof fy === 'number' && fy > 2000 ? fy : new Date().getFullYear();
}

/** A page's selected year, starting on the default year. */
export function useYearState(): [number, (y: number) => void] {
  return useState(useDefaultYear());
}

export function YearPicker({ value, onChange, testId, label = '年度' }: { value: number; onChange: (y: number) => void; testId: string; label?: string }) {
  return (
    <span>
      <Text type="secondary" style={{ marginRight: 6 }}>{label}</Text>
      <InputNumber
        min={2000}
        max={2100}
        precision={0}
        value={value}
        onChange={(v) => typeof v === 'number' && onChange(v)}
        style={{ width: 100 }}
        data-testid={testId}
      />
    </span>
  );
}
