// 支出申请: my to-do list (counts per step), every request with filters (status, step, department, type,
// amount, date, 三公), a new request, the request's detail with its timeline and actions, 支出台账 export.
import { useState } from 'react';
import { App as AntApp, Badge, Button, Card, DatePicker, Drawer, Flex, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { FileExcelOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { ExpenseListRow, InputOf } from '../../../../shared/contract';
import { EXPENSE_KINDS, EXPENSE_STATUSES, EXPENSE_STEPS } from '../../../../shared/expense/constants';
import { tryParseFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { StatusTag, Yuan } from './common';
import RequestForm from './RequestForm';
import RequestDetail from './RequestDetail';

type Filter = {
  status: string | null;
  step: number | null;
  unitId: number | null;
  kind: string | null;
  min: string;
  max: string;
  range: [Dayjs | null, Dayjs | null] | null;
  sangong: boolean | null;
  q: string;
};
const EMPTY: Filter = { status: null, step: null, unitId: null, kind: null, min: '', max: '', range: null, sangong: null, q: '' };

export default function ExpensePage() {
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const [tab, setTab] = useState('todo');
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [exporting, setExporting] = useState(false);
  const meta = useApi('expense.meta', {});
  const mayCreate = hasAnyRole(user, ['经办人']);
  const fen = (t: string) => {
    const r = t.trim() ? tryParseFen(t) : null;
    return r && r.ok ? r.fen : null;
  };
  const f: InputOf<'expense.list'> = {
    status: (filter.status as InputOf<'expense.list'>['status']) ?? null,
    step: filter.step,
    unitId: filter.unitId,
    kind: (filter.kind as InputOf<'expense.list'>['kind']) ?? null,
    minFen: fen(filter.min),
    maxFen: fen(filter.max),
    dateFrom: filter.range?.[0]?.format('YYYY-MM-DD') ?? null,
    dateTo: filter.range?.[1]?.format('YYYY-MM-DD') ?? null,
    sangong: filter.sangong,
    q: filter.q || null,
  };
  const list = useApi('expense.list', { ...f, ...paging }, { enabled: tab === 'all' });
  const todo = useApi('expense.todo', {});

  function reload() {
    list.reload();
    todo.reload();
  }

  async function exportLedger() {
    setExporting(true);
    try {
      const { page: _p, pageSize: _s, ...rest } = { ...f, page: 0, pageSize: 0 };
      const file = await api.invoke('expense.exportLedger', rest);
      const saved = await api.os.saveExport(file, { title: '导出支出台账' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setExporting(false);
    }
  }

  const columns: TableColumnsType<ExpenseListRow> = [
    {
      title: '申请编号',
      dataIndex: 'number',
      width: 130,
      render: (n: string, r) => (
        <a data-testid="expense-link" onClick={() => setOpenId(r.id)}>
          {n}
        </a>
      ),
    },
    { title: '申请日期', dataIndex: 'applyDate', width: 110 },
    { title: '部门', dataIndex: 'unitName', width: 140, ellipsis: true },
    { title: '经办人', dataIndex: 'applicantName', width: 90 },
    { title: '类型', dataIndex: 'kind', width: 90, render: (k: string, r) => (<>{k}{r.sangong && <Tag color="orange" style={{ marginLeft: 4 }}>三公</Tag>}</>) },
    { title: '事由', dataIndex: 'purpose', ellipsis: true },
    { title: '金额（元）', dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => <Yuan fen={v} /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <StatusTag status={s} testId="expense-row-status" /> },
    { title: '当前环节', dataIndex: 'stepName', width: 150, render: (s: string, r) => (r.status === '审批中' ? <span data-testid="expense-row-step">{s}</span> : '') },
  ];

  const counts = todo.data?.counts ?? {};
  const todoTab = (
    <div data-testid="expense-todo">
      {todo.error && <LoadError testId="expense-todo-error" title="无法读取待办" error={todo.error} onRetry={todo.reload} />}
      <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="expense-todo-counts">
        {EXPENSE_STEPS.map((name, i) =>
          counts[i + 1] ? (
            <Tag key={name} color="blue" data-testid={`expense-todo-count-${i + 1}`}>
              {name}：{counts[i + 1]}
            </Tag>
          ) : null,
        )}
        {!todo.data?.total && <span style={{ color: '#888' }}>当前没有等待您处理的支出申请。</span>}
      </Flex>
      <Table<ExpenseListRow> rowKey="id" size="small" columns={columns} dataSource={todo.data?.rows ?? []} loading={todo.loading} pagination={false} data-testid="expense-todo-table" />
    </div>
  );

  const allTab = (
    <div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap data-testid="expense-filters">
          <Select allowClear placeholder="状态" style={{ width: 110 }} value={filter.status} onChange={(v) => setFilter({ ...filter, status: v ?? null })} options={EXPENSE_STATUSES.map((s) => ({ value: s, label: s }))} data-testid="filter-status" />
          <Select allowClear placeholder="环节" style={{ width: 170 }} value={filter.step} onChange={(v) => setFilter({ ...filter, step: v ?? null })} options={EXPENSE_STEPS.map((s, i) => ({ value: i + 1, label: s }))} data-testid="filter-step" />
          <Select allowClear placeholder="部门" style={{ width: 160 }} value={filter.unitId} onChange={(v) => setFilter({ ...filter, unitId: v ?? null })} options={(meta.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))} data-testid="filter-unit" />
          <Select allowClear placeholder="支出类型" style={{ width: 130 }} value={filter.kind} onChange={(v) => setFilter({ ...filter, kind: v ?? null })} options={EXPENSE_KINDS.map((k) => ({ value: k, label: k }))} data-testid="filter-kind" />
          <Input placeholder="金额从" style={{ width: 100 }} value={filter.min} onChange={(e) => setFilter({ ...filter, min: e.target.value })} data-testid="filter-min" />
          <Input placeholder="金额至" style={{ width: 100 }} value={filter.max} onChange={(e) => setFilter({ ...filter, max: e.target.value })} data-testid="filter-max" />
          <DatePicker.RangePicker value={filter.range as never} onChange={(v) => setFilter({ ...filter, range: (v as [Dayjs | null, Dayjs | null]) ?? null })} />
          <Select allowClear placeholder="三公" style={{ width: 100 }} value={filter.sangong} onChange={(v) => setFilter({ ...filter, sangong: v ?? null })} options={[{ value: true, label: '三公' }, { value: false, label: '非三公' }]} data-testid="filter-sangong" />
          <Input.Search allowClear placeholder="编号、事由、收款人、经办人" style={{ width: 240 }} onSearch={(q) => setFilter({ ...filter, q })} data-testid="filter-q" />
          <Button onClick={() => setFilter(EMPTY)}>清除</Button>
          <Button icon={<FileExcelOutlined />} loading={exporting} onClick={exportLedger} data-testid="expense-export">
            导出支出台账
          </Button>
        </Flex>
      </Card>
      {list.error && <LoadError testId="expense-list-error" title="无法读取支出申请" error={list.error} onRetry={list.reload} />}
      <Table<ExpenseListRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.rows ?? []}
        loading={list.loading}
        data-testid="expense-table"
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 条`, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
      />
    </div>
  );

  return (
    <div data-testid="expense-page">
      <PageHeading
        title="支出申请"
        sub="经办人办理 → 分管领导审批 → 财务和办公室审核 → 分管财务副主席审批 → 出纳付款 → 会计记账 → 常务副主席核查"
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={reload}>
              刷新
            </Button>
            {mayCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="expense-new">
                新建支出申请
              </Button>
            )}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'todo', label: <Badge count={todo.data?.total ?? 0} size="small" offset={[8, 0]}><span data-testid="expense-tab-todo">我的待办</span></Badge> },
          { key: 'all', label: <span data-testid="expense-tab-all">全部申请</span> },
        ]}
      />
      {tab === 'todo' ? todoTab : allTab}
      {editing !== null && meta.data && (
        <RequestForm
          meta={meta.data}
          id={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(id) => {
            setEditing(null);
            setOpenId(id);
            reload();
          }}
        />
      )}
      <Drawer open={openId !== null} width={1080} onClose={() => setOpenId(null)} title="支出申请" destroyOnHidden data-testid="expense-detail-drawer">
        {openId !== null && meta.data && (
          <RequestDetail
            id={openId}
            meta={meta.data}
            onChanged={reload}
            onEdit={(id) => {
              setOpenId(null);
              setEditing(id);
            }}
          />
        )}
      </Drawer>
    </div>
  );
}
