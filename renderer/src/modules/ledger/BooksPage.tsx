// 账簿查询: 总账 (per level-one account or one account: 年初余额, each month's 本月合计 and 本年累计),
// 明细账 (any account and dimension combination, paged by the core's keyset cursor: 下一页 continues the
// running balance, 上一页 returns to a remembered cursor) and 辅助核算余额表 by each dimension. Each
// exports to Excel (明细账: every page of the chosen range).
import { useState } from 'react';
import { App as AntApp, Button, Flex, InputNumber, Select, Space, Table, Tabs, Typography } from 'antd';
import { ExportOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import type { AuxBalanceRow, DetailLedgerRow, GeneralLedgerMonth, InputOf, LedgerAmount } from '../../../../shared/contract';
import { DIMENSION_KINDS, DIMENSION_LABELS, type DimensionKind } from '../../../../shared/ledger/dimensions';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { Amount, SetPicker, useLedgerSet } from './common';

const { Text } = Typography;

const dirCell = (a: LedgerAmount) => (a.direction === '平' ? '平' : a.direction);

function useExport() {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  async function run(input: InputOf<'ledger.reports.exportBook'>) {
    setBusy(true);
    try {
      const file = await api.invoke('ledger.reports.exportBook', input);
      const saved = await api.os.saveExport(file, { title: '导出账簿' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return { busy, run };
}

export default function BooksPage() {
  const { sets, set, setSetId } = useLedgerSet();
  const [year, setYear] = useState<number | null>(null);
  const [tab, setTab] = useState('detail');
  const y = year ?? set?.currentYear ?? new Date().getFullYear();
  return (
    <div data-testid="ledger-books">
      <PageHeading
        title="账簿查询"
        sub={set?.name}
        extra={
          <Space>
            <SetPicker sets={sets} set={set} onChange={setSetId} />
            <Text type="secondary">年度</Text>
            <InputNumber min={2000} max={2100} value={y} onChange={(v) => v && setYear(v)} style={{ width: 100 }} data-testid="books-year" />
          </Space>
        }
      />
      {set && (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            { key: 'general', label: '总账', children: <GeneralTab setId={set.id} year={y} /> },
            { key: 'detail', label: '明细账', children: <DetailTab setId={set.id} year={y} /> },
            { key: 'aux', label: '辅助核算余额表', children: <AuxTab setId={set.id} year={y} /> },
          ]}
        />
      )}
    </div>
  );
}

function AccountSelect({ setId, value, onChange, allowClear, testId, leafOnly }: { setId: number; value: string | null; onChange: (c: string | null) => void; allowClear?: boolean; testId: string; leafOnly?: boolean }) {
  const accounts = useApi('ledger.accounts.list', { setId, includeInactive: true });
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      allowClear={allowClear}
      style={{ width: 320 }}
      placeholder="选择科目（输入编码或名称搜索）"
      value={value}
      onChange={(v) => onChange(v ?? null)}
      options={(accounts.data ?? []).filter((a) => !leafOnly || a.isLeaf).map((a) => ({ value: a.code, label: `${a.code} ${a.fullName}` }))}
      data-testid={testId}
    />
  );
}

function MonthRange({ from, to, onChange }: { from: number; to: number; onChange: (from: number, to: number) => void }) {
  const months = Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }));
  return (
    <Space>
      <Select style={{ width: 80 }} value={from} options={months} onChange={(v) => onChange(v, Math.max(v, to))} data-testid="books-month-from" />
      <Text>至</Text>
      <Select style={{ width: 80 }} value={to} options={months} onChange={(v) => onChange(Math.min(from, v), v)} data-testid="books-month-to" />
    </Space>
  );
}

// ── 总账 ──

function GeneralTab({ setId, year }: { setId: number; year: number }) {
  const [code, setCode] = useState<string | null>(null);
  const [toMonth, setToMonth] = useState(12);
  const g = useApi('ledger.reports.generalLedger', { setId, year, accountCode: code, toMonth });
  const ex = useExport();
  type Row = { key: string; code: string; name: string; period: string; summary: string; debit: number | null; credit: number | null; amount: LedgerAmount; bold?: boolean };
  const rows: Row[] = [];
  for (const a of g.data?.accounts ?? []) {
    rows.push({ key: `${a.code}-0`, code: a.code, name: a.name, period: `${year}年初`, summary: '年初余额', debit: null, credit: null, amount: a.opening, bold: true });
    a.months.forEach((m: GeneralLedgerMonth) => {
      rows.push({ key: `${a.code}-${m.month}`, code: a.code, name: a.name, period: `${m.month}月`, summary: '本月合计', debit: m.debit, credit: m.credit, amount: m });
      rows.push({ key: `${a.code}-${m.month}c`, code: a.code, name: a.name, period: `${m.month}月`, summary: '本年累计', debit: m.cumDebit, credit: m.cumCredit, amount: m });
    });
  }
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <AccountSelect setId={setId} value={code} onChange={setCode} allowClear testId="general-account" />
        <Text type="secondary">截至</Text>
        <Select style={{ width: 80 }} value={toMonth} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }))} onChange={setToMonth} />
        <Button icon={<ExportOutlined />} loading={ex.busy} onClick={() => ex.run({ setId, year, book: 'general', accountCode: code, monthFrom: 1, monthTo: toMonth, dimensions: {} })} data-testid="general-export">
          导出 Excel
        </Button>
      </Flex>
      {g.error && <LoadError testId="general-error" title="总账加载失败" error={g.error} onRetry={g.reload} />}
      <Table<Row>
        size="small"
        bordered
        rowKey="key"
        loading={g.loading}
        dataSource={rows}
        pagination={{ pageSize: 100, showSizeChanger: false }}
        data-testid="general-table"
        columns={[
          { title: '科目', width: 220, render: (_, r) => `${r.code} ${r.name}` },
          { title: '期间', dataIndex: 'period', width: 90 },
          { title: '摘要', dataIndex: 'summary', width: 100, render: (s: string, r) => (r.bold ? <b>{s}</b> : s) },
          { title: '借方', dataIndex: 'debit', width: 140, align: 'right', render: (v: number | null) => <Amount fen={v} /> },
          { title: '贷方', dataIndex: 'credit', width: 140, align: 'right', render: (v: number | null) => <Amount fen={v} /> },
          { title: '方向', width: 60, align: 'center', render: (_, r) => dirCell(r.amount) },
          { title: '余额', width: 150, align: 'right', render: (_, r) => <Amount fen={r.amount.amount} /> },
        ]}
      />
    </>
  );
}

// ── 明细账 ──

type DimFilter = InputOf<'ledger.reports.detailLedger'>['dimensions'];

function DetailTab({ setId, year }: { setId: number; year: number }) {
  const [code, setCode] = useState<string | null>(null);
  const [range, setRange] = useState({ from: 1, to: 12 });
  const [dims, setDims] = useState<NonNullable<DimFilter>>({});
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [pageSize, setPageSize] = useState(50);
  const info = useApi('ledger.dimensions.list', { setId });
  const units = useApi('units.list', { page: 1, pageSize: 200 } as InputOf<'units.list'>);
  const cursor = cursors[cursors.length - 1];
  const page = useApi(
    'ledger.reports.detailLedger',
    { setId, year, accountCode: code ?? '101', monthFrom: range.from, monthTo: range.to, dimensions: dims, cursor, pageSize },
    { enabled: Boolean(code) },
  );
  const ex = useExport();
  const reset = () => setCursors([null]);
  const d = page.data;
  const dimText = (r: DetailLedgerRow) =>
    [r.projectName, r.fundSource, r.expenseType, r.econCode ? `${r.econCode} ${r.econName ?? ''}` : null, r.unitName].filter(Boolean).join('；');
  const sel = (k: keyof NonNullable<DimFilter>, placeholder: string, options: Array<{ value: string | number; label: string }>, width = 150) => (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      style={{ width }}
      value={(dims as Record<string, unknown>)[k] as string | number | undefined}
      options={options}
      onChange={(v) => {
        setDims((x) => ({ ...x, [k]: v ?? null }));
        reset();
      }}
      data-testid={`detail-dim-${k}`}
    />
  );
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <AccountSelect setId={setId} value={code} onChange={(c) => { setCode(c); reset(); }} testId="detail-account" />
        <MonthRange from={range.from} to={range.to} onChange={(from, to) => { setRange({ from, to }); reset(); }} />
        {sel('projectId', '项目', (info.data?.projects ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` })))}
        {sel('fundSource', '资金来源', (info.data?.fundSources ?? []).map((s) => ({ value: s, label: s })), 110)}
        {sel('expenseType', '支出类型', (info.data?.expenseTypes ?? []).map((s) => ({ value: s, label: s })), 110)}
        {sel('econCode', '经济分类', (info.data?.econClasses ?? []).filter((e) => e.level === '款').map((e) => ({ value: e.code, label: `${e.code} ${e.name}` })), 180)}
        {sel('unitId', '往来单位', (units.data?.rows ?? []).map((u) => ({ value: u.id, label: u.name })), 180)}
        <Button
          icon={<ExportOutlined />}
          disabled={!code}
          loading={ex.busy}
          onClick={() => code && ex.run({ setId, year, book: 'detail', accountCode: code, monthFrom: range.from, monthTo: range.to, dimensions: dims })}
          data-testid="detail-export"
        >
          导出 Excel
        </Button>
      </Flex>
      {!code && <Text type="secondary">请选择科目。</Text>}
      {page.error && <LoadError testId="detail-error" title="明细账加载失败" error={page.error} onRetry={page.reload} />}
      {code && d && (
        <>
          <Space style={{ marginBottom: 8 }}>
            <Text strong data-testid="detail-title">{d.account.code} {d.account.fullName}</Text>
            <Text type="secondary">期初余额</Text>
            <Text data-testid="detail-range-opening">{dirCell(d.rangeOpening)} <Amount fen={d.rangeOpening.amount} /></Text>
            {cursors.length > 1 && (
              <>
                <Text type="secondary">本页承前余额</Text>
                <Text data-testid="detail-page-opening">{dirCell(d.pageOpening)} <Amount fen={d.pageOpening.amount} /></Text>
              </>
            )}
          </Space>
          <Table<DetailLedgerRow>
            size="small"
            bordered
            rowKey={(r) => `${r.voucherId}-${r.lineNo}`}
            loading={page.loading}
            dataSource={d.rows}
            pagination={false}
            data-testid="detail-table"
            onRow={() => ({ 'data-testid': 'detail-row' }) as object}
            columns={[
              { title: '日期', dataIndex: 'date', width: 100 },
              { title: '凭证号', dataIndex: 'voucherLabel', width: 90 },
              { title: '摘要', dataIndex: 'summary' },
              { title: '科目', width: 180, render: (_, r) => `${r.accountCode} ${r.accountName}` },
              { title: '辅助核算', width: 200, render: (_, r) => dimText(r) },
              { title: '借方', dataIndex: 'debit', width: 130, align: 'right', render: (v: number) => <Amount fen={v} /> },
              { title: '贷方', dataIndex: 'credit', width: 130, align: 'right', render: (v: number) => <Amount fen={v} /> },
              { title: '方向', width: 56, align: 'center', render: (_, r) => dirCell(r) },
              { title: '余额', width: 140, align: 'right', render: (_, r) => <span data-testid="detail-balance"><Amount fen={r.amount} /></span> },
            ]}
          />
          <Flex justify="flex-end" gap={8} style={{ marginTop: 8 }} align="center">
            <Text type="secondary" data-testid="detail-page-no">第 {cursors.length} 页</Text>
            <Select
              style={{ width: 110 }}
              value={pageSize}
              options={[20, 50, 100, 200, 500].map((n) => ({ value: n, label: `每页 ${n} 行` }))}
              onChange={(n) => { setPageSize(n); reset(); }}
              data-testid="detail-page-size"
            />
            <Button icon={<LeftOutlined />} disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))} data-testid="detail-prev">
              上一页
            </Button>
            <Button disabled={!d.nextCursor} onClick={() => d.nextCursor && setCursors((c) => [...c, d.nextCursor])} data-testid="detail-next">
              下一页 <RightOutlined />
            </Button>
          </Flex>
        </>
      )}
    </>
  );
}

// ── 辅助核算余额表 ──

function AuxTab({ setId, year }: { setId: number; year: number }) {
  const [kind, setKind] = useState<DimensionKind>('project');
  const [code, setCode] = useState<string | null>(null);
  const [range, setRange] = useState({ from: 1, to: 12 });
  const r = useApi('ledger.reports.auxBalances', { setId, year, monthFrom: range.from, monthTo: range.to, kind, accountCode: code });
  const ex = useExport();
  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 8 }}>
        <Select style={{ width: 170 }} value={kind} options={DIMENSION_KINDS.map((k) => ({ value: k, label: DIMENSION_LABELS[k] }))} onChange={setKind} data-testid="aux-kind" />
        <AccountSelect setId={setId} value={code} onChange={setCode} allowClear testId="aux-account" />
        <MonthRange from={range.from} to={range.to} onChange={(from, to) => setRange({ from, to })} />
        <Button icon={<ExportOutlined />} loading={ex.busy} onClick={() => ex.run({ setId, year, book: 'aux', kind, accountCode: code, monthFrom: range.from, monthTo: range.to, dimensions: {} })} data-testid="aux-export">
          导出 Excel
        </Button>
      </Flex>
      {r.error && <LoadError testId="aux-error" title="辅助核算余额表加载失败" error={r.error} onRetry={r.reload} />}
      <Table<AuxBalanceRow>
        size="small"
        bordered
        rowKey={(x) => `${x.value}-${x.accountCode}`}
        loading={r.loading}
        dataSource={r.data?.rows ?? []}
        pagination={{ pageSize: 100, showSizeChanger: false }}
        data-testid="aux-table"
        columns={[
          { title: r.data?.kindLabel ?? DIMENSION_LABELS[kind], dataIndex: 'label', width: 220 },
          { title: '科目', render: (_, x) => `${x.accountCode} ${x.accountName}` },
          { title: '期初方向', width: 70, align: 'center', render: (_, x) => dirCell(x.opening) },
          { title: '期初余额', width: 140, align: 'right', render: (_, x) => <Amount fen={x.opening.amount} /> },
          { title: '本期借方', dataIndex: 'debit', width: 140, align: 'right', render: (v: number) => <Amount fen={v} /> },
          { title: '本期贷方', dataIndex: 'credit', width: 140, align: 'right', render: (v: number) => <Amount fen={v} /> },
          { title: '期末方向', width: 70, align: 'center', render: (_, x) => dirCell(x.closing) },
          { title: '期末余额', width: 140, align: 'right', render: (_, x) => <Amount fen={x.closing.amount} /> },
        ]}
      />
    </>
  );
}
