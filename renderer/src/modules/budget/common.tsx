// Shared pieces of the budget pages (预算收集 / 预算汇总 / 预算审批): the fiscal-year picker, amounts,
// the import-issue table (工作表 / 行 / 列 / 单元格 / 问题) and the line-difference table.
import type { HTMLAttributes } from 'react';
import { Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { BudgetImportIssue, LineDiffRow } from '../../../../shared/contract/budget';
import { formatFen } from '../../format';
import { numStyle } from '../../components/page';
import { YearPicker as BaseYearPicker } from '../../components/year';

const { Text } = Typography;

export const Dash = () => <Text type="secondary">—</Text>;

/** An amount in fen as 元 with separators; null as a dash. */
export function Fen({ v, strong }: { v: number | null | undefined; strong?: boolean }) {
  if (v === null || v === undefined) return <Dash />;
  const s = <span style={{ ...numStyle, color: v < 0 ? '#cf1322' : undefined }}>{formatFen(v)}</span>;
  return strong ? <strong>{s}</strong> : s;
}

export { useDefaultYear } from '../../components/year';

export function YearPicker(p: { value: number; onChange: (y: number) => void; testId: string }) {
  return <BaseYearPicker label="预算年度" {...p} />;
}

const issueColumns: TableColumnsType<BudgetImportIssue & { n: number }> = [
  { title: '工作表', dataIndex: 'sheet', width: 100 },
  { title: '行', dataIndex: 'row', width: 60, align: 'right', render: (r: number | null) => (r === null ? <Dash /> : <span style={numStyle}>{r}</span>) },
  { title: '列', dataIndex: 'column', width: 150, render: (c: string | null) => c ?? <Dash /> },
  { title: '单元格', dataIndex: 'cell', width: 110, render: (c: string | null) => (c ? <span style={{ fontFamily: 'monospace' }}>{c}</span> : <Dash />) },
  { title: '问题', dataIndex: 'message' },
];

export function IssueTable({ issues, testId, pageSize = 10 }: { issues: BudgetImportIssue[]; testId: string; pageSize?: number }) {
  return (
    <div data-testid={testId}>
      <Table<BudgetImportIssue & { n: number }>
        size="small"
        rowKey="n"
        columns={issueColumns}
        dataSource={issues.map((x, n) => ({ ...x, n }))}
        pagination={{ pageSize, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        onRow={(r) =>
          ({ 'data-testid': `${testId}-row`, 'data-sheet': r.sheet, 'data-row': r.row ?? '', 'data-column': r.column ?? '', 'data-cell': r.cell ?? '' }) as HTMLAttributes<HTMLElement>
        }
      />
    </div>
  );
}

const CHANGE_COLORS: Record<string, string> = { 新增: 'green', 删除: 'red', 修改: 'orange' };

export function LineDiffTable({
  rows,
  testId,
  showUnit,
  labels = ['调整前（元）', '调整后（元）'],
}: {
  rows: LineDiffRow[];
  testId: string;
  showUnit?: boolean;
  labels?: [string, string];
}) {
  const columns: TableColumnsType<LineDiffRow & { n: number }> = [
    { title: '变动', dataIndex: 'change', width: 70, render: (c: string) => <Tag color={CHANGE_COLORS[c]}>{c}</Tag> },
    ...(showUnit ? [{ title: '单位', key: 'unit', width: 180, ellipsis: true, render: (_: unknown, r: LineDiffRow) => r.unit.name }] : []),
    { title: '方向', dataIndex: 'direction', width: 60 },
    { title: '科目', key: 'subject', width: 200, render: (_: unknown, r) => `${r.subjectCode} ${r.subjectName}` },
    { title: '项目', key: 'project', width: 120, ellipsis: true, render: (_: unknown, r) => r.projectName ?? <Dash /> },
    { title: '明细事项', dataIndex: 'item', ellipsis: true, render: (t: string | null) => t ?? <Dash /> },
    { title: labels[0], dataIndex: 'beforeFen', width: 130, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: labels[1], dataIndex: 'afterFen', width: 130, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '增减（元）', dataIndex: 'deltaFen', width: 130, align: 'right', render: (v: number) => <Fen v={v} strong /> },
    { title: '变动内容', dataIndex: 'changedFields', width: 130, render: (f: string[]) => (f.length ? f.join('、') : <Dash />) },
    { title: '工作簿位置', key: 'at', width: 150, render: (_: unknown, r) => <Text type="secondary" style={{ fontSize: 12 }}>{[r.beforeAt, r.afterAt].filter(Boolean).join(' → ') || '—'}</Text> },
  ];
  return (
    <Table<LineDiffRow & { n: number }>
      size="small"
      rowKey="n"
      data-testid={testId}
      columns={columns}
      dataSource={rows.map((x, n) => ({ ...x, n }))}
      scroll={{ x: 1300 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 行有变动` }}
      onRow={(r) => ({ 'data-testid': `${testId}-row`, 'data-change': r.change }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: '没有差异' }}
    />
  );
}
