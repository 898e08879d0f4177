// 预算执行与三公: per budget line — budget, committed (in the chain), paid, available and rate — updated as
// requests move; 三公经费 against their own budget and last year; Excel exports.
import { useState } from 'react';
import { App as AntApp, Button, Card, InputNumber, Space, Table } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { BudgetLineFigure, SangongStatRow } from '../../../../shared/contract';
import RulesEditor from './RulesEditor';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { Yuan } from './common';

export default function ExecutionPage() {
  const { message } = AntApp.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const exec = useApi('expense.execution', { year });
  const sg = useApi('expense.sangong', { year });
  async function exportSangong() {
    try {
      const f = await api.invoke('expense.exportSangong', { year });
      const saved = await api.os.saveExport(f, { title: '导出三公经费统计' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  const amount = (k: keyof BudgetLineFigure) => ({ title: { budgetFen: '预算', committedFen: '审批中（占用）', paidFen: '已支付', availableFen: '可用' }[k as string], dataIndex: k, align: 'right' as const, render: (v: number) => <Yuan fen={v} /> });
  return (
    <div data-testid="expense-execution-page">
      <PageHeading title="预算执行与三公" sub={exec.data?.bookTitle ? `依据：${exec.data.bookTitle}` : '该年度尚无已批准的预算'}
        extra={<Space>年度 <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} data-testid="exec-year" />
          <Button icon={<FileExcelOutlined />} onClick={exportSangong} data-testid="exec-export-sangong">导出三公经费统计</Button></Space>} />
      {exec.error && <LoadError testId="exec-error" title="无法读取预算执行" error={exec.error} onRetry={exec.reload} />}
      <Card size="small" title="预算执行（按预算行）" style={{ marginBottom: 12 }}>
        <Table<BudgetLineFigure> size="small" rowKey="key" dataSource={exec.data?.rows ?? []} loading={exec.loading} pagination={false} data-testid="exec-table"
          onRow={(r) => ({ 'data-testid': `exec-row-${r.subjectCode}${r.projectCode ? `-${r.projectCode}` : ''}` }) as never}
          columns={[
            { title: '单位', dataIndex: 'unitName', width: 140 },
            { title: '科目', render: (_, r) => `${r.subjectCode} ${r.subjectName}` },
            { title: '项目', dataIndex: 'projectName' },
            { title: '资金来源', dataIndex: 'fundSource', width: 90 },
            amount('budgetFen'), amount('committedFen'), amount('paidFen'), amount('availableFen'),
            { title: '执行率', dataIndex: 'rate', align: 'right', render: (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(2)}%`) },
          ]}
          summary={() => exec.data ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right"><Yuan fen={exec.data.totals.budgetFen} /></Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right"><Yuan fen={exec.data.totals.committedFen} /></Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right"><Yuan fen={exec.data.totals.paidFen} testId="exec-total-paid" /></Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right"><Yuan fen={exec.data.totals.availableFen} /></Table.Summary.Cell>
              <Table.Summary.Cell index={8} />
            </Table.Summary.Row>
          ) : null} />
      </Card>
      <Card size="small" title="三公经费">
        <Table<SangongStatRow> size="small" rowKey="category" dataSource={sg.data ?? []} loading={sg.loading} pagination={false} data-testid="sangong-table"
          columns={[
            { title: '项目', dataIndex: 'category' },
            { title: '预算', dataIndex: 'budgetFen', align: 'right', render: (v: number) => <Yuan fen={v} /> },
            { title: '审批中', dataIndex: 'committedFen', align: 'right', render: (v: number) => <Yuan fen={v} /> },
            { title: '已支付', dataIndex: 'paidFen', align: 'right', render: (v: number) => <Yuan fen={v} /> },
            { title: '笔数', dataIndex: 'count', align: 'right' },
            { title: '上年已支付', dataIndex: 'lastYearPaidFen', align: 'right', render: (v: number) => <Yuan fen={v} /> },
          ]} />
      </Card>
      <RulesEditor />
    </div>
  );
}
