// 预算执行情况表: per budget subject the approved budget (the year's last approved budget book), what
// the expenditure chain has committed but not paid, the posted actual, the balance and the execution
// rate; for one set (本级 or a 代管 set) or all sets together. Excel export.
import { useState } from 'react';
import { App as AntApp, Alert, Button, InputNumber, Select, Space, Table, Typography } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import type { BudgetExecutionRow } from '../../../../shared/contract';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { Amount, useLedgerSet } from './common';

const { Text } = Typography;

const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(2)}%`);

export default function BudgetExecPage() {
  const { sets, set } = useLedgerSet();
  const [setId, setSetId] = useState<number | 'all' | null>(null);
  const chosen = setId ?? set?.id ?? 'all';
  const [year, setYear] = useState<number | null>(null);
  const y = year ?? set?.currentYear ?? new Date().getFullYear();
  const input = { year: y, setId: chosen === 'all' ? null : chosen };
  const r = useApi('ledger.reports.budgetExecution', input);
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);

  async function exportExcel() {
    setBusy(true);
    try {
      const file = await api.invoke('ledger.reports.exportBudgetExecution', input);
      const saved = await api.os.saveExport(file, { title: '导出预算执行情况表' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  const d = r.data;
  const rows: Array<BudgetExecutionRow & { key: string }> = d
    ? [
        ...d.rows.filter((x) => x.direction === '收入').map((x) => ({ ...x, key: `收入${x.code}` })),
        { ...d.incomeTotal, key: '收入合计' },
        ...d.rows.filter((x) => x.direction === '支出').map((x) => ({ ...x, key: `支出${x.code}` })),
        { ...d.expenseTotal, key: '支出合计' },
      ]
    : [];
  return (
    <div data-testid="ledger-budget-exec">
      <PageHeading
        title="预算执行情况表"
        sub={d?.scopeLabel}
        extra={
          <Space>
            <Text type="secondary">账套</Text>
            <Select
              style={{ minWidth: 240 }}
              value={chosen}
              onChange={setSetId}
              options={[{ value: 'all' as const, label: '全部账套（合并）' }, ...sets.map((s) => ({ value: s.id, label: s.name }))]}
              data-testid="budget-exec-set"
            />
            <Text type="secondary">年度</Text>
            <InputNumber min={2000} max={2100} value={y} onChange={(v) => v && setYear(v)} style={{ width: 100 }} data-testid="budget-exec-year" />
            <Button icon={<ExportOutlined />} loading={busy} onClick={exportExcel} data-testid="budget-exec-export">
              导出 Excel
            </Button>
          </Space>
        }
      />
      {r.error && <LoadError testId="budget-exec-error" title="预算执行情况表加载失败" error={r.error} onRetry={r.reload} />}
      {d && (
        <Alert
          style={{ marginBottom: 8 }}
          type={d.book ? 'info' : 'warning'}
          showIcon
          data-testid="budget-exec-source"
          title={d.book ? `预算数取自“${d.book.title}”（已批准）` : `${d.year} 年度尚无已批准的预算，预算数为 0`}
          description={`执行数为已记账凭证的发生额（不含年末结转凭证）；已占用为支出审批中尚未付款的金额${d.commitmentsIncluded ? '' : '（代管账套不含本级支出审批）'}；预算余额：收入为预算数 − 执行数，支出为预算数 − 已占用 − 执行数。`}
        />
      )}
      <Table<BudgetExecutionRow & { key: string }>
        size="small"
        bordered
        rowKey="key"
        loading={r.loading}
        pagination={false}
        dataSource={rows}
        data-testid="budget-exec-table"
        onRow={(x) => ({ 'data-testid': `budget-exec-row-${x.direction}-${x.code || '合计'}` }) as object}
        columns={[
          { title: '科目编码', dataIndex: 'code', width: 100 },
          {
            title: '科目名称',
            dataIndex: 'name',
            render: (n: string, x) => <span style={{ paddingLeft: x.level === 2 ? 16 : 0, fontWeight: x.subtotal ? 600 : undefined }}>{n}</span>,
          },
          { title: '预算数', dataIndex: 'budget', width: 140, align: 'right', render: (v: number, x) => <Amount fen={v} strong={x.subtotal} testId="be-budget" /> },
          { title: '已占用', dataIndex: 'committed', width: 130, align: 'right', render: (v: number, x) => (x.direction === '支出' ? <Amount fen={v} testId="be-committed" /> : null) },
          { title: '执行数', dataIndex: 'actual', width: 140, align: 'right', render: (v: number, x) => <Amount fen={v} strong={x.subtotal} testId="be-actual" /> },
          { title: '预算余额', dataIndex: 'balance', width: 140, align: 'right', render: (v: number) => <Amount fen={v} testId="be-balance" /> },
          { title: '执行率', dataIndex: 'rate', width: 90, align: 'right', render: (v: number | null) => <span style={numStyle} data-testid="be-rate">{rate(v)}</span> },
        ]}
      />
    </div>
  );
}
