// 单位名录: the registry of the federation's units — paged and sorted by the core (never all rows at
// once), filtered by keyword, 类别, 单位性质, 所有制, 建会状态, 状态 and 上级单位; a drawer to view and
// edit a unit; Excel template, import (checked first) and export of the filtered list.
import { useMemo, useState, type HTMLAttributes } from 'react';
import { App as AntApp, Button, Card, Empty, Flex, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import {
  DownloadOutlined,
  ExportOutlined,
  PlusOutlined,
  ReloadOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { UNIT_WRITERS, type InputOf, type UnitRow } from '../../../../shared/contract';
import { ALL_ORG_TYPES, ORG_TYPES_BY_KIND, OWNERSHIPS, UNION_STATUSES, UNIT_KINDS, type UnitSortKey } from '../../../../shared/units';
import { formatFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatInt } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { KIND_COLORS, UnitDrawer, type DrawerTarget } from './UnitDrawer';
import { useUnitImport } from './UnitImport';
import { unitTreeOptions } from './tree';

const { Text } = Typography;

type ListInput = InputOf<'units.list'>;

interface Filters {
  q: string;
  kind: (typeof UNIT_KINDS)[number] | null;
  orgType: string | null;
  ownership: (typeof OWNERSHIPS)[number] | null;
  unionStatus: (typeof UNION_STATUSES)[number] | null;
  ancestorId: number | null;
  active: boolean | null;
}

const NO_FILTERS: Filters = { q: '', kind: null, orgType: null, ownership: null, unionStatus: null, ancestorId: null, active: null };

const Dash = () => <Text type="secondary">—</Text>;

function filterInput(f: Filters): Omit<ListInput, 'page' | 'pageSize' | 'sort' | 'order'> {
  return {
    q: f.q.trim() || null,
    kind: f.kind,
    orgType: f.orgType,
    ownership: f.ownership,
    unionStatus: f.unionStatus,
    ancestorId: f.ancestorId,
    active: f.active,
  };
}

export default function UnitsPage() {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const canWrite = hasAnyRole(user, UNIT_WRITERS);

  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [keyword, setKeyword] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [sort, setSort] = useState<{ sort: UnitSortKey; order: 'asc' | 'desc' }>({ sort: 'code', order: 'asc' });
  const [drawer, setDrawer] = useState<DrawerTarget | null>(null);
  const [exporting, setExporting] = useState<null | 'list' | 'template'>(null);

  const input: ListInput = { ...filterInput(filters), ...paging, ...sort };
  const list = useApi('units.list', input);
  const tree = useApi('units.tree', { includeInactive: true });
  const { choose: chooseImport, modal: importModal } = useUnitImport(() => {
    list.reload();
    tree.reload();
  });

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setFilters((f) => {
      const next = { ...f, [key]: value };
      if (key === 'kind' && value && next.orgType && !(ORG_TYPES_BY_KIND[value as (typeof UNIT_KINDS)[number]] ?? []).includes(next.orgType)) {
        next.orgType = null;
      }
      return next;
    });
    setPaging((p) => ({ ...p, page: 1 }));
  };

  const treeOptions = useMemo(() => unitTreeOptions(tree.data ?? []), [tree.data]);
  const orgTypeOptions = filters.kind ? ORG_TYPES_BY_KIND[filters.kind] : ALL_ORG_TYPES;
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  async function exportFile(kind: 'list' | 'template') {
    setExporting(kind);
    try {
      const file =
        kind === 'list' ? await api.invoke('units.exportList', { ...filterInput(filters), ...sort }) : await api.invoke('units.exportTemplate', {});
      const saved = await api.os.saveExport(file, { title: kind === 'list' ? '导出单位名录' : '保存单位导入模板' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setExporting(null);
    }
  }

  const order = (key: UnitSortKey) => (sort.sort === key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null);
  const sortable = (key: UnitSortKey) => ({ key, sorter: true, sortOrder: order(key), sortDirections: ['ascend' as const, 'descend' as const] });

  const columns: TableColumnsType<UnitRow> = [
    {
      title: '单位编码',
      dataIndex: 'code',
      width: 110,
      fixed: 'left',
      ...sortable('code'),
      render: (c: string) => <span style={{ fontFamily: 'monospace' }}>{c}</span>,
    },
    {
      title: '单位名称',
      dataIndex: 'name',
      width: 280,
      fixed: 'left',
      ...sortable('name'),
      render: (n: string, r) => (
        <a onClick={() => setDrawer({ mode: 'edit', id: r.id })} data-testid="unit-open">
          {n}
        </a>
      ),
    },
    { title: '类别', dataIndex: 'kind', width: 110, ...sortable('kind'), render: (k: string) => <Tag color={KIND_COLORS[k]}>{k}</Tag> },
    { title: '单位性质', dataIndex: 'orgType', width: 100, ...sortable('orgType'), render: (t: string | null) => t ?? <Dash /> },
    { title: '所有制', dataIndex: 'ownership', width: 80, render: (t: string | null) => t ?? <Dash /> },
    {
      title: '统一社会信用代码',
      dataIndex: 'creditCode',
      width: 190,
      render: (c: string | null) => (c ? <span style={{ fontFamily: 'monospace' }}>{c}</span> : <Dash />),
    },
    { title: '上级单位', dataIndex: 'parentName', width: 180, ellipsis: true, ...sortable('parentName'), render: (p: string | null) => p ?? <Dash /> },
    {
      title: '建会状态',
      dataIndex: 'unionStatus',
      width: 100,
      ...sortable('unionStatus'),
      render: (s: string | null) =>
        s ? <Tag color={s === '已建会' ? 'success' : s === '筹建中' ? 'processing' : 'default'}>{s}</Tag> : <Dash />,
    },
    {
      title: '会员人数',
      dataIndex: 'memberCount',
      width: 100,
      align: 'right',
      ...sortable('memberCount'),
      render: (n: number | null) => (n === null ? <Dash /> : <span style={numStyle}>{formatInt(n)}</span>),
    },
    {
      title: '职工人数',
      dataIndex: 'staffCount',
      width: 100,
      align: 'right',
      ...sortable('staffCount'),
      render: (n: number | null) => (n === null ? <Dash /> : <span style={numStyle}>{formatInt(n)}</span>),
    },
    {
      title: '月工资总额（元）',
      dataIndex: 'payrollBaseFen',
      width: 160,
      align: 'right',
      ...sortable('payrollBaseFen'),
      render: (f: number | null) => (f === null ? <Dash /> : <span style={numStyle}>{formatFen(f)}</span>),
    },
    {
      title: '状态',
      dataIndex: 'active',
      width: 80,
      align: 'center',
      render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
    },
  ];

  function onTableChange(p: TablePaginationConfig, _f: unknown, sorter: SorterResult<UnitRow> | SorterResult<UnitRow>[]) {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = (s?.order ? (s.columnKey as UnitSortKey) : 'code') ?? 'code';
    const nextSort = { sort: key, order: s?.order === 'descend' ? ('desc' as const) : ('asc' as const) };
    const sortChanged = nextSort.sort !== sort.sort || nextSort.order !== sort.order;
    setSort(nextSort);
    setPaging({ page: sortChanged ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? 50 });
  }

  const data = list.data;
  const toolbar = (
    <Space wrap>
      {canWrite && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ mode: 'new' })} data-testid="units-new">
          新增单位
        </Button>
      )}
      {canWrite && (
        <Button icon={<UploadOutlined />} onClick={() => void chooseImport()} data-testid="units-import">
          导入 Excel
        </Button>
      )}
      {canWrite && (
        <Button icon={<DownloadOutlined />} onClick={() => void exportFile('template')} loading={exporting === 'template'} data-testid="units-template">
          下载导入模板
        </Button>
      )}
      <Button icon={<ExportOutlined />} onClick={() => void exportFile('list')} loading={exporting === 'list'} data-testid="units-export">
        导出名录
      </Button>
    </Space>
  );

  return (
    <div data-testid="units-page">
      <PageHeading title="单位名录" extra={toolbar} />
      <Card size="small" style={{ marginBottom: 12 }} data-testid="units-filters">
        <Flex wrap gap={8} align="center">
          <Input.Search
            allowClear
            placeholder="名称、编码、信用代码、主席"
            style={{ width: 240 }}
            value={keyword}
            onChange={(e) => {
              setKeyword(e.target.value);
              if (e.target.value === '' && filters.q !== '') setFilter('q', '');
            }}
            onSearch={(v) => setFilter('q', v)}
            data-testid="units-filter-q"
          />
          <Select
            allowClear
            placeholder="类别"
            style={{ width: 120 }}
            value={filters.kind}
            onChange={(v) => setFilter('kind', v ?? null)}
            options={UNIT_KINDS.map((k) => ({ value: k, label: k }))}
            data-testid="units-filter-kind"
          />
          <Select
            allowClear
            placeholder="单位性质"
            style={{ width: 120 }}
            value={filters.orgType}
            onChange={(v) => setFilter('orgType', v ?? null)}
            options={orgTypeOptions.map((k) => ({ value: k, label: k }))}
            data-testid="units-filter-orgType"
          />
          <Select
            allowClear
            placeholder="所有制"
            style={{ width: 100 }}
            value={filters.ownership}
            onChange={(v) => setFilter('ownership', v ?? null)}
            options={OWNERSHIPS.map((k) => ({ value: k, label: k }))}
            data-testid="units-filter-ownership"
          />
          <Select
            allowClear
            placeholder="建会状态"
            style={{ width: 110 }}
            value={filters.unionStatus}
            onChange={(v) => setFilter('unionStatus', v ?? null)}
            options={UNION_STATUSES.map((k) => ({ value: k, label: k }))}
            data-testid="units-filter-unionStatus"
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder="上级单位（含下属）"
            style={{ width: 200 }}
            value={filters.ancestorId}
            onChange={(v) => setFilter('ancestorId', (v as number | undefined) ?? null)}
            treeData={treeOptions}
            treeDefaultExpandAll
            popupMatchSelectWidth={false}
            data-testid="units-filter-parent"
          />
          <Select
            placeholder="状态"
            style={{ width: 100 }}
            value={filters.active === null ? 'all' : filters.active ? 'on' : 'off'}
            onChange={(v) => setFilter('active', v === 'all' ? null : v === 'on')}
            options={[
              { value: 'all', label: '全部状态' },
              { value: 'on', label: '启用' },
              { value: 'off', label: '已停用' },
            ]}
            data-testid="units-filter-active"
          />
          {filtered && (
            <Button
              type="link"
              onClick={() => {
                setFilters(NO_FILTERS);
                setKeyword('');
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              data-testid="units-filter-reset"
            >
              清除筛选
            </Button>
          )}
        </Flex>
      </Card>

      {list.error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError testId="units-error" title="无法读取单位名录" error={list.error} onRetry={list.reload} />
        </div>
      )}

      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Flex justify="space-between" align="center" style={{ padding: '10px 12px' }} wrap gap={8} data-testid="units-summary">
          <Text>
            {filtered ? '符合条件的单位' : '全部单位'}共 <Text strong data-testid="units-total" style={numStyle}>{formatInt(data?.total ?? 0)}</Text> 个
          </Text>
          <Space size={12}>
            {data && (
              <Text type="secondary" style={numStyle} data-testid="units-sums">
                会员 {formatInt(data.sums.memberCount)} 人 · 职工 {formatInt(data.sums.staffCount)} 人 · 月工资总额 {formatFen(data.sums.payrollBaseFen)} 元
              </Text>
            )}
            <Button size="small" icon={<ReloadOutlined />} onClick={list.reload} data-testid="units-refresh">
              刷新
            </Button>
          </Space>
        </Flex>
        <div data-testid="units-table">
          <Table<UnitRow>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={data?.rows ?? []}
            loading={list.loading}
            scroll={{ x: 1600 }}
            sticky={{ offsetHeader: 52 }}
            onChange={onTableChange}
            onRow={(r) =>
              ({
                'data-testid': 'unit-row',
                'data-code': r.code,
                onDoubleClick: () => setDrawer({ mode: 'edit', id: r.id }),
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: <Empty description={filtered ? '没有符合条件的单位' : '还没有单位，可新增或从 Excel 导入'} /> }}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showQuickJumper: true,
              showTotal: (t, [a, b]) => `第 ${formatInt(a)}–${formatInt(b)} 个，共 ${formatInt(t)} 个`,
              style: { padding: '0 12px' },
            }}
          />
        </div>
      </Card>

      <UnitDrawer
        target={drawer}
        tree={tree.data ?? []}
        canWrite={canWrite}
        onClose={() => setDrawer(null)}
        onOpen={setDrawer}
        onChanged={() => {
          list.reload();
          tree.reload();
        }}
      />
      {importModal}
    </div>
  );
}
