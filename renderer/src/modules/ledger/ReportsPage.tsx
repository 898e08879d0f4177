// 账簿报表: 科目余额表, 试算平衡表, 工会01表 资产负债表 and 工会02表 收入支出表 on screen for a month,
// and the same four as one Excel workbook (ledger.reports.exportStatements).
import { useState } from 'react';
import { App as AntApp, Alert, Button, DatePicker, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { BalanceRow, StatementLine } from '../../../../shared/contract';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { Amount, SetPicker, useLedgerSet } from './common';

const { Text } = Typography;

const money = (title: string, key: keyof BalanceRow) => ({ title, dataIndex: key, width: 120, align: 'right' as const, render: (v: number) => <Amount fen={v} /> });
const balanceColumns = (opening: string): TableColumnsType<BalanceRow> => [
  { title: '科目编码', dataIndex: 'code', width: 100, fixed: 'left' },
  { title: '科目名称', dataIndex: 'name', width: 200, fixed: 'left', render: (n: string, r) => <span style={{ paddingLeft: (r.level - 1) * 14, fontWeight: r.level === 1 ? 600 : undefined }}>{n}</span> },
  { title: opening, children: [money('借方', 'openingDebit'), money('贷方', 'openingCredit')] },
  { title: '本期发生额', children: [money('借方', 'periodDebit'), money('贷方', 'periodCredit')] },
  { title: '本年累计', children: [money('借方', 'ytdDebit'), money('贷方', 'ytdCredit')] },
  { title: '期末余额', children: [money('借方', 'closingDebit'), money('贷方', 'closingCredit')] },
];

function stmtLabel(l: StatementLine) {
  return <span style={{ paddingLeft: l.indent * 16, fontWeight: l.kind === 'item' ? undefined : 600 }}>{l.label}</span>;
}

export default function ReportsPage() {
  const { sets, set, setSetId } = useLedgerSet();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const { message } = AntApp.useApp();
  const [exporting, setExporting] = useState(false);
  const enabled = Boolean(set);
  const base = { setId: set?.id ?? 1, year: month.year(), month: month.month() + 1 };
  const trial = useApi('ledger.reports.trialBalance', { ...base, includeZero: false }, { enabled });
  const balances = useApi('ledger.reports.accountBalances', { setId: base.setId, year: base.year, monthFrom: 1, monthTo: base.month, maxLevel: 4, includeZero: false }, { enabled });
  const s01 = useApi('ledger.reports.statement01', { ...base, annual: false }, { enabled });
  const s02 = useApi('ledger.reports.statement02', { ...base, annual: false }, { enabled });

  async function exportExcel() {
    if (!set) return;
    setExporting(true);
    try {
      const file = await api.invoke('ledger.reports.exportStatements', { ...base, annual: false });
      const saved = await api.os.saveExport(file, { title: '导出会计报表' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setExporting(false);
    }
  }

  const err = trial.error ?? balances.error ?? s01.error ?? s02.error;
  const rows01 = Array.from({ length: Math.max(s01.data?.assets.length ?? 0, s01.data?.liabilitiesAndNetAssets.length ?? 0) }, (_, i) => ({
    key: i,
    a: s01.data?.assets[i],
    l: s01.data?.liabilitiesAndNetAssets[i],
  }));
  const c01 = s01.data?.columns ?? ['年初余额', '期末余额'];

  return (
    <div data-testid="ledger-reports">
      <PageHeading
        title="账簿报表"
        sub={set?.name}
        extra={
          <Space>
            <SetPicker sets={sets} set={set} onChange={setSetId} />
            <DatePicker picker="month" allowClear={false} value={month} onChange={(m) => m && setMonth(m)} data-testid="report-month" />
            <Button icon={<ExportOutlined />} loading={exporting} disabled={!set} onClick={exportExcel} data-testid="report-export">
              导出 Excel
            </Button>
          </Space>
        }
      />
      {err && <LoadError testId="report-error" title="报表加载失败" error={err} />}
      <Tabs
        items={[
          {
            key: 'balances',
            label: '科目余额表',
            children: (
              <Table<BalanceRow> size="small" bordered rowKey="code" pagination={false} scroll={{ x: 1300 }} loading={balances.loading} columns={balanceColumns('年初余额')} dataSource={balances.data?.rows ?? []} data-testid="report-balances" />
            ),
          },
          {
            key: 'trial',
            label: '试算平衡表',
            children: (
              <>
                {trial.data && (
                  <Alert
                    style={{ marginBottom: 8 }}
                    type={trial.data.balanced ? 'success' : 'error'}
                    showIcon
                    title={trial.data.balanced ? '试算结果：平衡' : '试算结果：不平衡'}
                    data-testid="trial-result"
                  />
                )}
                <Table<BalanceRow>
                  size="small"
                  bordered
                  rowKey="code"
                  pagination={false}
                  scroll={{ x: 1300 }}
                  loading={trial.loading}
                  columns={balanceColumns('期初余额')}
                  dataSource={trial.data ? [...trial.data.rows, { ...trial.data.totals, code: '', name: '合计', level: 1 } as BalanceRow] : []}
                />
              </>
            ),
          },
          {
            key: 's01',
            label: '资产负债表',
            children: (
              <>
                <Space style={{ marginBottom: 8 }}>
                  <Text strong>工会01表</Text>
                  <Text>编制单位：{s01.data?.orgName}</Text>
                  <Text>{s01.data?.periodLabel}</Text>
                  <Text type="secondary">单位：元</Text>
                  {s01.data && (s01.data.balanced ? <Tag color="green">资产总计 = 负债与净资产总计</Tag> : <Tag color="red">不平衡</Tag>)}
                </Space>
                <Table
                  size="small"
                  bordered
                  pagination={false}
                  loading={s01.loading}
                  dataSource={rows01}
                  data-testid="report-s01"
                  columns={[
                    { title: '资产', render: (_, r) => r.a && stmtLabel(r.a) },
                    { title: '行次', width: 56, align: 'center', render: (_, r) => r.a?.lineNo },
                    { title: c01[0], width: 130, align: 'right', render: (_, r) => <Amount fen={r.a?.values[0]} /> },
                    { title: c01[1], width: 130, align: 'right', render: (_, r) => <Amount fen={r.a?.values[1]} /> },
                    { title: '负债与净资产', render: (_, r) => r.l && stmtLabel(r.l) },
                    { title: '行次', width: 56, align: 'center', render: (_, r) => r.l?.lineNo },
                    { title: c01[0], width: 130, align: 'right', render: (_, r) => <Amount fen={r.l?.values[0]} /> },
                    { title: c01[1], width: 130, align: 'right', render: (_, r) => <Amount fen={r.l?.values[1]} /> },
                  ]}
                />
              </>
            ),
          },
          {
            key: 's02',
            label: '收入支出表',
            children: (
              <>
                <Space style={{ marginBottom: 8 }}>
                  <Text strong>工会02表</Text>
                  <Text>编制单位：{s02.data?.orgName}</Text>
                  <Text>{s02.data?.periodLabel}</Text>
                  <Text type="secondary">单位：元</Text>
                </Space>
                <Table<StatementLine>
                  size="small"
                  bordered
                  rowKey="key"
                  pagination={false}
                  loading={s02.loading}
                  dataSource={s02.data?.rows ?? []}
                  data-testid="report-s02"
                  columns={[
                    { title: '项目', render: (_, l) => stmtLabel(l) },
                    { title: '行次', dataIndex: 'lineNo', width: 56, align: 'center' },
                    { title: s02.data?.columns[0] ?? '本月数', width: 150, align: 'right', render: (_, l) => <Amount fen={l.values[0]} /> },
                    { title: s02.data?.columns[1] ?? '本年累计数', width: 150, align: 'right', render: (_, l) => <Amount fen={l.values[1]} /> },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
