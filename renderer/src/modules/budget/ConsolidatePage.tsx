// 预算汇总: the year's figures consolidated by subject, by unit, by project and by funding source, with
// last year's budget and last year's actual from the books (上年执行数) beside them; any total drills down to the lines behind it (unit, version, workbook
// cell); the rule checks with their figures (blocking failures highlighted); 导出预算报表.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Drawer, Flex, Input, Row, Segmented, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExportOutlined, MinusCircleFilled, ReloadOutlined } from '@ant-design/icons';
import type {
  ConsolidatedProjectRow, ConsolidatedSourceRow, ConsolidatedSubjectRow, ConsolidatedUnitRow, DrillLineRow, RuleCheckFigure, RuleCheckResult,
} from '../../../../shared/contract/budget';
import type { InputOf } from '../../../../shared/contract';
import { SCOPES, type Scope } from '../../../../shared/budget/constants';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatInt } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { Dash, Fen, YearPicker, useDefaultYear } from './common';

const { Text } = Typography;
type DrillFilter = NonNullable<InputOf<'budget.drill'>['filter']>;

interface DrillTarget {
  title: string;
  filter: DrillFilter;
}

export default function ConsolidatePage() {
  const { message } = AntApp.useApp();
  const [year, setYear] = useState(useDefaultYear());
  const [scope, setScope] = useState<Scope>('全部');
  const [bookId, setBookId] = useState<number | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [exporting, setExporting] = useState(false);
  const books = useApi('budget.books.list', { year });
  const view = { year, bookId, scope };
  const cons = useApi('budget.consolidate', view);
  const checks = useApi('budget.checks', { year, bookId });

  async function exportReport() {
    setExporting(true);
    try {
      const f = await api.invoke('budget.report.export', { year, bookId });
      const p = await api.os.saveExport(f, { title: '导出预算报表' });
      if (p) message.success(`已保存：${p}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setExporting(false);
    }
  }

  const t = cons.data?.totals;
  const open = (title: string, filter: DrillFilter) => setDrill({ title, filter });
  const link = (v: number, title: string, filter: DrillFilter, testId = 'budget-drill-link') => (
    <a onClick={() => open(title, filter)} data-testid={testId} style={numStyle}>
      <Fen v={v} />
    </a>
  );

  const subjectColumns: TableColumnsType<ConsolidatedSubjectRow> = [
    { title: '科目编码', dataIndex: 'code', width: 110, render: (c: string, r) => <span style={{ fontFamily: 'monospace', paddingLeft: (r.level - 1) * 12 }}>{c}</span> },
    { title: '科目名称', dataIndex: 'name', width: 220, render: (n: string, r) => (r.level === 1 ? <strong>{n}</strong> : n) },
    { title: '本年预算数（元）', dataIndex: 'amountFen', width: 150, align: 'right', render: (v: number, r) => link(v, `${r.code} ${r.name}`, { direction: r.direction, subjectCode: r.code }) },
    { title: '工会资金', dataIndex: 'unionFundFen', width: 130, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '财政拨款', dataIndex: 'fiscalFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '基本支出', dataIndex: 'basicFen', width: 130, align: 'right', render: (v: number, r) => (r.direction === '支出' ? <Fen v={v} /> : <Dash />) },
    { title: '项目支出', dataIndex: 'projectFen', width: 130, align: 'right', render: (v: number, r) => (r.direction === '支出' ? <Fen v={v} /> : <Dash />) },
    { title: '上年预算数', dataIndex: 'lastYearFen', width: 130, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '上年执行数', dataIndex: 'actualFen', width: 130, align: 'right', render: (v: number | null) => <span data-testid="budget-actual-cell"><Fen v={v} /></span> },
    { title: '增减', dataIndex: 'deltaFen', width: 120, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '行数', dataIndex: 'lineCount', width: 70, align: 'right' },
  ];

  const subjectTable = (direction: '收入' | '支出') => (
    <Table<ConsolidatedSubjectRow>
      size="small"
      rowKey="code"
      data-testid={`budget-subjects-${direction}`}
      columns={subjectColumns}
      dataSource={(cons.data?.bySubject ?? []).filter((r) => r.direction === direction)}
      pagination={false}
      scroll={{ x: 1400 }}
      onRow={(r) => ({ 'data-testid': 'budget-subject-row', 'data-code': r.code }) as HTMLAttributes<HTMLElement>}
    />
  );

  const sourceColumns: TableColumnsType<ConsolidatedSourceRow> = [
    { title: '方向', dataIndex: 'direction', width: 80 },
    { title: '资金来源', dataIndex: 'fundingSource', width: 120 },
    { title: '支出类型', dataIndex: 'expenseType', width: 120, render: (e: string | null) => e ?? <Dash /> },
    {
      title: '本年预算数（元）',
      dataIndex: 'amountFen',
      width: 160,
      align: 'right',
      render: (v: number, r) =>
        link(v, `${r.direction} · ${r.fundingSource}${r.expenseType ? ' · ' + r.expenseType : ''}`, {
          direction: r.direction,
          fundingSource: r.fundingSource as DrillFilter['fundingSource'],
          expenseType: (r.expenseType ?? null) as DrillFilter['expenseType'],
        }),
    },
    { title: '上年预算数', dataIndex: 'lastYearFen', width: 140, align: 'right', render: (v: number | null) => <span data-testid="budget-source-last"><Fen v={v} /></span> },
    { title: '上年执行数', dataIndex: 'actualFen', width: 140, align: 'right', render: (v: number | null) => <span data-testid="budget-source-actual"><Fen v={v} /></span> },
    { title: '行数', dataIndex: 'lineCount', width: 80, align: 'right' },
  ];

  return (
    <div data-testid="budget-consolidate-page">
      <PageHeading
        title="预算汇总"
        sub={cons.data ? `数据来源：${cons.data.source.title}${cons.data.source.fixed ? '（所含版本已锁定）' : ''}${cons.data.lastYearSource ? `；上年：${cons.data.lastYearSource.title}` : '；无上年预算'}${cons.data.actualAvailable ? `；上年执行数取自 ${year - 1} 年度账簿（已记账凭证，不含年末结转）` : `；账簿中没有 ${year - 1} 年度的收支发生额`}` : undefined}
        extra={
          <Space wrap>
            <YearPicker value={year} onChange={(y) => { setYear(y); setBookId(null); }} testId="budget-year" />
            <Select<number>
              style={{ width: 220 }}
              value={bookId ?? 0}
              onChange={(v) => setBookId(v || null)}
              options={[{ value: 0, label: '工作数（各单位当前版本）' }, ...(books.data ?? []).map((b) => ({ value: b.id, label: `${b.title}（${b.status}）` }))]}
              data-testid="budget-book-select"
            />
            <Segmented<Scope> value={scope} options={[...SCOPES]} onChange={setScope} data-testid="budget-scope" />
            <Button icon={<ReloadOutlined />} onClick={() => { cons.reload(); checks.reload(); }}>刷新</Button>
            <Button type="primary" icon={<ExportOutlined />} loading={exporting} onClick={() => void exportReport()} data-testid="budget-report-export">
              导出预算报表
            </Button>
          </Space>
        }
      />
      {cons.error && <LoadError title="无法汇总预算" error={cons.error} onRetry={cons.reload} testId="budget-consolidate-error" />}
      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="budget-totals">
        <Col span={4}><Card size="small"><Statistic title="报送单位" value={t ? formatInt(t.unitCount) : '—'} suffix="个" /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="收入预算（元）" value={t ? undefined : '—'} formatter={() => (t ? <span data-testid="budget-total-income"><Fen v={t.incomeFen} /></span> : '—')} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="支出预算（元）" value={t ? undefined : '—'} formatter={() => (t ? <span data-testid="budget-total-expense"><Fen v={t.expenseFen} /></span> : '—')} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="其中：项目支出（元）" value={t ? undefined : '—'} formatter={() => (t ? <Fen v={t.projectFen} /> : '—')} /></Card></Col>
        <Col span={5}><Card size="small"><Statistic title="上年支出预算 / 执行（元）" value={t ? undefined : '—'} formatter={() => (t ? <span data-testid="budget-total-last"><Fen v={t.lastYearExpenseFen} /> / <span data-testid="budget-total-actual"><Fen v={t.actualExpenseFen} /></span></span> : '—')} /></Card></Col>
      </Row>
      <Card size="small">
        <Tabs
          data-testid="budget-tabs"
          items={[
            { key: 'income', label: '收入（按科目）', children: subjectTable('收入') },
            { key: 'expense', label: '支出（按科目）', children: subjectTable('支出') },
            { key: 'units', label: '按单位', children: <UnitsTab view={view} open={open} /> },
            { key: 'projects', label: '按项目', children: <ProjectsTab view={view} open={open} /> },
            {
              key: 'sources',
              label: '按资金来源',
              children: (
                <Table<ConsolidatedSourceRow>
                  size="small"
                  rowKey={(r) => `${r.direction}-${r.fundingSource}-${r.expenseType}`}
                  columns={sourceColumns}
                  dataSource={cons.data?.bySource ?? []}
                  pagination={false}
                  data-testid="budget-sources"
                  onRow={(r) => ({ 'data-testid': 'budget-source-row', 'data-key': `${r.direction}|${r.fundingSource}|${r.expenseType ?? ''}` }) as HTMLAttributes<HTMLElement>}
                />
              ),
            },
            {
              key: 'checks',
              label: (
                <span data-testid="budget-checks-tab">
                  规则检查{' '}
                  {checks.data && (checks.data.passed ? <Tag color="success">通过</Tag> : <Tag color="error">{checks.data.blockingFailures} 项阻断</Tag>)}
                </span>
              ),
              children: <ChecksView results={checks.data?.results ?? []} passed={checks.data?.passed} loading={checks.loading} />,
            },
          ]}
        />
      </Card>
      {drill && <DrillDrawer view={view} target={drill} onClose={() => setDrill(null)} />}
    </div>
  );
}

type View = { year: number; bookId: number | null; scope: Scope };

function UnitsTab({ view, open }: { view: View; open: (title: string, f: DrillFilter) => void }) {
  const [q, setQ] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [sort, setSort] = useState<'code' | 'expense' | 'income' | 'balance'>('code');
  const r = useApi('budget.consolidate.units', { ...view, q: q || null, sort, ...paging });
  const columns: TableColumnsType<ConsolidatedUnitRow> = [
    { title: '单位编码', key: 'code', width: 110, render: (_, x) => <span style={{ fontFamily: 'monospace' }}>{x.unit.code}</span> },
    { title: '单位名称', key: 'name', width: 240, ellipsis: true, render: (_, x) => x.unit.name },
    { title: '版本', dataIndex: 'versionSeq', width: 70, render: (s: number) => `第 ${s} 版` },
    { title: '收入（元）', dataIndex: 'incomeFen', width: 140, align: 'right', render: (v: number, x) => <a onClick={() => open(`${x.unit.name} · 收入`, { unitId: x.unit.id, direction: '收入' })}><Fen v={v} /></a> },
    { title: '支出（元）', dataIndex: 'expenseFen', width: 140, align: 'right', render: (v: number, x) => <a onClick={() => open(`${x.unit.name} · 支出`, { unitId: x.unit.id, direction: '支出' })}><Fen v={v} /></a> },
    { title: '基本支出', dataIndex: 'basicFen', width: 130, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '项目支出', dataIndex: 'projectFen', width: 130, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '收支差额', dataIndex: 'balanceFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '上年支出', dataIndex: 'lastYearExpenseFen', width: 120, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '上年支出执行', dataIndex: 'actualExpenseFen', width: 120, align: 'right', render: (v: number | null) => <span data-testid="budget-unit-actual"><Fen v={v} /></span> },
  ];
  return (
    <>
      <Flex gap={8} style={{ marginBottom: 8 }}>
        <Input.Search allowClear placeholder="单位编码或名称" style={{ width: 240 }} onSearch={(v) => { setQ(v.trim()); setPaging((p) => ({ ...p, page: 1 })); }} />
        <Select value={sort} style={{ width: 150 }} onChange={setSort} options={[{ value: 'code', label: '按单位编码' }, { value: 'expense', label: '按支出排序' }, { value: 'income', label: '按收入排序' }, { value: 'balance', label: '按收支差额' }]} />
      </Flex>
      <Table<ConsolidatedUnitRow>
        size="small"
        rowKey={(x) => x.unit.id}
        data-testid="budget-units"
        loading={r.loading}
        columns={columns}
        dataSource={r.data?.rows ?? []}
        scroll={{ x: 1300 }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: r.data?.total ?? 0, showTotal: (t) => `共 ${formatInt(t)} 个单位`, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
      />
    </>
  );
}

function ProjectsTab({ view, open }: { view: View; open: (title: string, f: DrillFilter) => void }) {
  const [q, setQ] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const r = useApi('budget.consolidate.projects', { ...view, q: q || null, ...paging });
  const columns: TableColumnsType<ConsolidatedProjectRow> = [
    { title: '单位', key: 'unit', width: 200, ellipsis: true, render: (_, x) => x.unit.name },
    { title: '项目编号', dataIndex: 'code', width: 90 },
    { title: '项目名称', dataIndex: 'name', width: 200, ellipsis: true },
    { title: '资金来源', dataIndex: 'fundingSource', width: 100 },
    { title: '专项资金', dataIndex: 'specialFund', width: 140, render: (s: string | null) => s ?? <Dash /> },
    { title: '负责人', dataIndex: 'manager', width: 80, render: (s: string | null) => s ?? <Dash /> },
    { title: '项目总额（元）', dataIndex: 'totalFen', width: 140, align: 'right', render: (v: number, x) => <a onClick={() => open(`${x.unit.name} · ${x.name}`, { projectId: x.projectId })}><Fen v={v} /></a> },
    { title: '上年预算数', dataIndex: 'lastYearFen', width: 130, align: 'right', render: (v: number | null) => <span data-testid="budget-project-last"><Fen v={v} /></span> },
    { title: '上年执行数', dataIndex: 'actualFen', width: 130, align: 'right', render: (v: number | null) => <span data-testid="budget-project-actual"><Fen v={v} /></span> },
    { title: '明细行', dataIndex: 'lineCount', width: 70, align: 'right' },
    { title: '工作簿位置', key: 'at', width: 120, render: (_, x) => <Text type="secondary">{x.sheet}!{x.row}（第 {x.versionSeq} 版）</Text> },
  ];
  return (
    <>
      <Flex gap={8} style={{ marginBottom: 8 }} align="center">
        <Input.Search allowClear placeholder="项目名称或编号" style={{ width: 240 }} onSearch={(v) => { setQ(v.trim()); setPaging((p) => ({ ...p, page: 1 })); }} />
        {r.data && <Text type="secondary">合计 <Fen v={r.data.sumFen} /> 元</Text>}
      </Flex>
      <Table<ConsolidatedProjectRow>
        size="small"
        rowKey="projectId"
        data-testid="budget-projects"
        loading={r.loading}
        columns={columns}
        dataSource={r.data?.rows ?? []}
        scroll={{ x: 1560 }}
        onRow={(x) => ({ 'data-testid': 'budget-project-row', 'data-code': x.code, 'data-unit': x.unit.code }) as HTMLAttributes<HTMLElement>}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: r.data?.total ?? 0, showTotal: (t) => `共 ${formatInt(t)} 个项目`, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
      />
    </>
  );
}

function figure(f: RuleCheckFigure) {
  if (f.value === null) return '—';
  if (f.format === 'amount' && typeof f.value === 'number') return <Fen v={f.value} />;
  if (f.format === 'percent' && typeof f.value === 'number') return `${(f.value * 100).toFixed(2)}%`;
  if (f.format === 'count' && typeof f.value === 'number') return formatInt(f.value);
  return String(f.value);
}

export function ChecksView({ results, passed, loading }: { results: RuleCheckResult[]; passed: boolean | undefined; loading?: boolean }) {
  const columns: TableColumnsType<RuleCheckResult> = [
    {
      title: '结果',
      dataIndex: 'status',
      width: 96,
      render: (st: string) =>
        st === '通过' ? <Tag icon={<CheckCircleFilled />} color="success">通过</Tag> : st === '未通过' ? <Tag icon={<CloseCircleFilled />} color="error">未通过</Tag> : <Tag icon={<MinusCircleFilled />}>不适用</Tag>,
    },
    {
      title: '规则及检查结论',
      dataIndex: 'name',
      width: '42%',
      render: (n: string, r) => (
        <div>
          <Flex gap={6} align="center">
            <strong>{n}</strong>
            {r.blocking ? <Tag color="red">阻断</Tag> : <Tag>提示</Tag>}
          </Flex>
          <Text type={r.status === '未通过' ? 'danger' : 'secondary'} style={{ fontSize: 13 }}>{r.message}</Text>
        </div>
      ),
    },
    {
      title: '计算依据',
      key: 'fig',
      render: (_, r) => (
        <Flex wrap gap="2px 16px" style={{ fontSize: 13 }}>
          {r.figures.map((f, i) => (
            <span key={i}>
              <Text type="secondary">{f.label}：</Text>
              <span style={numStyle}>{figure(f)}</span>
            </span>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <div data-testid="budget-checks">
      {passed !== undefined && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          type={passed ? 'success' : 'error'}
          title={passed ? '阻断性规则全部通过' : '存在未通过的阻断性规则，预算不能进入下一审批环节'}
          data-testid="budget-checks-summary"
        />
      )}
      <Table<RuleCheckResult>
        size="small"
        rowKey="ruleId"
        loading={loading}
        columns={columns}
        dataSource={results}
        pagination={false}
        rowClassName={(r) => (r.blocking && r.status === '未通过' ? 'budget-check-blocking' : '')}
        onRow={(r) => ({ 'data-testid': 'budget-check-row', 'data-status': r.status, 'data-key': r.key, style: r.blocking && r.status === '未通过' ? { background: '#fff1f0' } : undefined }) as HTMLAttributes<HTMLElement>}
        expandable={{
          rowExpandable: (r) => r.items.length > 0,
          expandedRowRender: (r) => (
            <div>
              {r.items.map((it, i) => (
                <div key={i}>
                  {it.unit && <Text strong>{it.unit.name} </Text>}
                  {it.at && <Text code>{it.at}</Text>} {it.text}
                </div>
              ))}
              {r.itemCount > r.items.length && <Text type="secondary">另有 {r.itemCount - r.items.length} 项未列出</Text>}
            </div>
          ),
        }}
      />
    </div>
  );
}

function DrillDrawer({ view, target, onClose }: { view: View; target: DrillTarget; onClose: () => void }) {
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const r = useApi('budget.drill', { ...view, filter: target.filter, ...paging });
  const columns: TableColumnsType<DrillLineRow> = [
    { title: '单位', key: 'unit', width: 170, ellipsis: true, render: (_, x) => x.unit.name },
    { title: '版本', dataIndex: 'versionSeq', width: 64, render: (s: number) => `第 ${s} 版` },
    { title: '单元格', dataIndex: 'cell', width: 110, render: (c: string) => <Text code>{c}</Text> },
    { title: '科目', key: 'subject', width: 170, ellipsis: true, render: (_, x) => `${x.subjectCode} ${x.subjectName}` },
    { title: '类型', dataIndex: 'expenseType', width: 76, render: (s: string | null) => s ?? <Dash /> },
    { title: '资金来源', dataIndex: 'fundingSource', width: 76 },
    { title: '项目', dataIndex: 'projectName', width: 110, ellipsis: true, render: (s: string | null) => s ?? <Dash /> },
    { title: '明细事项', dataIndex: 'item', width: 150, ellipsis: true, render: (s: string | null) => s ?? <Dash /> },
    { title: '金额（元）', dataIndex: 'amountFen', width: 120, align: 'right', fixed: 'right', render: (v: number) => <Fen v={v} /> },
  ];
  return (
    <Drawer open width={1150} onClose={onClose} title={`明细：${target.title}`} data-testid="budget-drill">
      {r.data && (
        <Text style={{ display: 'block', marginBottom: 8 }} data-testid="budget-drill-sum">
          共 {formatInt(r.data.total)} 行，合计 <Fen v={r.data.sumFen} strong /> 元
        </Text>
      )}
      <Table<DrillLineRow>
        size="small"
        rowKey="id"
        loading={r.loading}
        columns={columns}
        dataSource={r.data?.rows ?? []}
        scroll={{ x: 1046 }}
        onRow={() => ({ 'data-testid': 'budget-drill-row' }) as HTMLAttributes<HTMLElement>}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: r.data?.total ?? 0, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
      />
    </Drawer>
  );
}
