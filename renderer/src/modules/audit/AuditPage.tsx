// 审计日志: every change and sign-in, newest first, paged by the core; filters (user, module, dates,
// object type, keyword); each entry's before/after as a readable field-by-field comparison; export to
// Excel; and a check of the log's hash chain.
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import {
  App as AntApp,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Input,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExportOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { usersList, type AuditLogRow, type AuditVerifyResult, type InputOf } from '../../../../shared/contract';
import { UNIT_FIELD_LABELS } from '../../../../shared/units';
import { formatFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDateTimeSeconds, formatInt } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';

const { Text } = Typography;
const { RangePicker } = DatePicker;

type Filter = Omit<InputOf<'audit.list'>, 'page' | 'pageSize'>;

const TARGET_TYPES = ['单位', '用户', '不相容职务规则', '数据库', '系统设置'];

/** Chinese names of the fields the audit entries carry (units, users, setup, backups). */
const FIELD_LABELS: Record<string, string> = {
  ...UNIT_FIELD_LABELS,
  username: '用户名',
  displayName: '姓名',
  title: '职务',
  unitId: '所在单位',
  unitName: '所在单位',
  roles: '角色',
  active: '状态',
  locked: '锁定',
  mustChangePassword: '须修改密码',
  orgName: '工会名称',
  level: '工会级别',
  fiscalYear: '会计年度',
  roleA: '角色一',
  roleB: '角色二',
  basis: '依据',
  effectiveFrom: '生效日期',
  effectiveTo: '停用日期',
  keep: '自动备份保留份数',
  fileName: '文件',
  file: '文件',
  sha256: 'SHA-256',
  size: '大小',
  schemaVersion: '架构版本',
  created: '新增',
  updated: '更新',
  unchanged: '无变化',
  rows: '行数',
};

/** Counts shown with thousands separators (years, ids and codes are not). */
const GROUPED = new Set(['memberCount', 'staffCount', 'rows', 'created', 'updated', 'unchanged', 'size', 'checked']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return key === 'active' ? (v ? '启用' : '停用') : v ? '是' : '否';
  if (key.endsWith('Fen') && typeof v === 'number' && Number.isSafeInteger(v)) return `${formatFen(v)} 元`;
  if (typeof v === 'number') return GROUPED.has(key) && Number.isInteger(v) ? formatInt(v) : String(v);
  if (Array.isArray(v)) return v.map((x) => (isRecord(x) || Array.isArray(x) ? JSON.stringify(x) : String(x))).join('、');
  if (isRecord(v)) return JSON.stringify(v);
  return String(v);
}

interface DiffRow {
  key: string;
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

export function diffRows(before: unknown, after: unknown): DiffRow[] {
  if (!isRecord(before) && !isRecord(after)) {
    const b = show('', before);
    const a = show('', after);
    return b === '' && a === '' ? [] : [{ key: 'value', label: '内容', before: b, after: a, changed: b !== a }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  // parentName explains parentId: show the name only.
  const skip = new Set(keys.includes('parentName') ? ['parentId'] : []);
  return keys
    .filter((k) => !skip.has(k))
    .map((k) => {
      const bt = show(k, b[k]);
      const at = show(k, a[k]);
      return { key: k, label: FIELD_LABELS[k] ?? k, before: bt, after: at, changed: JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null) };
    });
}

function Diff({ row }: { row: AuditLogRow }) {
  const rows = diffRows(row.before, row.after);
  const hasBefore = row.before !== null && row.before !== undefined;
  const hasAfter = row.after !== null && row.after !== undefined;
  if (rows.length === 0) return <Text type="secondary">该记录没有变更明细。</Text>;
  const shown = hasBefore && hasAfter ? rows.filter((r) => r.changed) : rows;
  const unchanged = rows.length - shown.length;
  return (
    <div data-testid="audit-diff" style={{ maxWidth: 900 }}>
      <Table<DiffRow>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={shown}
        columns={[
          { title: '项目', dataIndex: 'label', width: 180 },
          ...(hasBefore
            ? [
                {
                  title: '变更前',
                  dataIndex: 'before',
                  render: (t: string, r: DiffRow) =>
                    t === '' ? <Text type="secondary">（空）</Text> : <Text delete={r.changed && hasAfter} type={r.changed && hasAfter ? 'secondary' : undefined}>{t}</Text>,
                },
              ]
            : []),
          ...(hasAfter
            ? [
                {
                  title: hasBefore ? '变更后' : '内容',
                  dataIndex: 'after',
                  render: (t: string, r: DiffRow) =>
                    t === '' ? <Text type="secondary">（空）</Text> : <Text strong={r.changed && hasBefore} style={r.changed && hasBefore ? { color: '#1d5fa8' } : undefined}>{t}</Text>,
                },
              ]
            : []),
        ]}
        onRow={(r) => ({ 'data-testid': 'audit-diff-row', 'data-field': r.key }) as HTMLAttributes<HTMLElement>}
      />
      {unchanged > 0 && (
        <Text type="secondary" style={{ fontSize: 12 }}>
          另有 {unchanged} 项未变化，未列出。
        </Text>
      )}
    </div>
  );
}

function VerifyResult({ result, onClose }: { result: AuditVerifyResult; onClose: () => void }) {
  const icon = result.ok ? (
    <CheckCircleFilled style={{ fontSize: 44, color: '#52c41a' }} />
  ) : (
    <CloseCircleFilled style={{ fontSize: 44, color: '#ff4d4f' }} />
  );
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: result.ok ? '#b7eb8f' : '#ffa39e' }}
      extra={
        <Button type="text" size="small" onClick={onClose} data-testid="audit-verify-close">
          关闭
        </Button>
      }
      title="日志链校验结果"
      data-testid="audit-verify-result"
      data-ok={String(result.ok)}
    >
      <Result
        status={result.ok ? 'success' : 'error'}
        icon={icon}
        style={{ padding: '4px 0 8px' }}
        title={
          <span data-testid="audit-verify-title" style={{ fontSize: 20 }}>
            {result.ok ? `日志链完整，已校验 ${formatInt(result.checked)} 条` : `日志链校验未通过：第 ${result.firstBad?.id ?? '?'} 条记录异常`}
          </span>
        }
        subTitle={
          <span data-testid="audit-verify-detail">
            {result.ok
              ? '每条记录的哈希值都与前一条相连，日志没有被删除或篡改。'
              : `${result.firstBad?.problem ?? ''}（已校验 ${formatInt(result.checked)} 条）。该记录及其后的日志可能被改动，请保留现场并报告系统管理员。`}
          </span>
        }
      />
    </Card>
  );
}

export default function AuditPage() {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const mayListUsers = hasAnyRole(user, usersList.access as readonly string[]);
  const users = useApi('users.list', { includeInactive: true }, { enabled: mayListUsers });

  const [filter, setFilter] = useState<Filter>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [keyword, setKeyword] = useState('');
  const [targetType, setTargetType] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [verifying, setVerifying] = useState(false);
  const [verified, setVerified] = useState<AuditVerifyResult | null>(null);
  const [exporting, setExporting] = useState(false);

  const list = useApi('audit.list', { ...filter, ...paging });
  const data = list.data;

  const update = (patch: Partial<Filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPaging((p) => ({ ...p, page: 1 }));
  };

  async function verify() {
    setVerifying(true);
    try {
      setVerified(await api.invoke('audit.verify', {}));
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setVerifying(false);
    }
  }

  async function exportExcel() {
    setExporting(true);
    try {
      const file = await api.invoke('audit.export', filter);
      const saved = await api.os.saveExport(file, { title: '导出审计日志' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setExporting(false);
    }
  }

  const columns: TableColumnsType<AuditLogRow> = [
    {
      title: '时间',
      dataIndex: 'at',
      width: 165,
      render: (at: string) => <span style={numStyle} data-testid="audit-time">{formatDateTimeSeconds(at)}</span>,
    },
    { title: '用户', dataIndex: 'username', width: 120 },
    { title: '角色', dataIndex: 'role', width: 120, ellipsis: true },
    { title: '模块', dataIndex: 'module', width: 110, render: (m: string) => <Tag>{m}</Tag> },
    { title: '操作', dataIndex: 'action', width: 110 },
    {
      title: '对象',
      key: 'target',
      width: 120,
      render: (_: unknown, r) => (
        <span>
          {r.targetType}
          {r.targetId && <Text type="secondary"> #{r.targetId}</Text>}
        </span>
      ),
    },
    { title: '摘要', dataIndex: 'summary', render: (s: string) => <span data-testid="audit-summary">{s}</span> },
  ];

  const filtered = Object.values(filter).some((v) => v !== null && v !== undefined && v !== '');

  const toolbar = (
    <Space>
      <Button icon={<ExportOutlined />} onClick={() => void exportExcel()} loading={exporting} data-testid="audit-export">
        导出 Excel
      </Button>
      <Button icon={<SafetyCertificateOutlined />} onClick={() => void verify()} loading={verifying} data-testid="audit-verify">
        校验日志链
      </Button>
    </Space>
  );

  let emptyText: ReactNode = <Empty description={filtered ? '没有符合条件的日志' : '暂无日志'} />;
  if (list.loading && !data) emptyText = ' ';

  return (
    <div data-testid="audit-page">
      <PageHeading title="审计日志" extra={toolbar} />
      {verified && <VerifyResult result={verified} onClose={() => setVerified(null)} />}
      <Card size="small" style={{ marginBottom: 12 }} data-testid="audit-filters">
        <Flex wrap gap={8} align="center">
          {mayListUsers && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="用户"
              style={{ width: 160 }}
              value={filter.userId ?? null}
              onChange={(v) => update({ userId: v ?? null })}
              options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
              popupMatchSelectWidth={false}
              data-testid="audit-filter-user"
            />
          )}
          <Select
            allowClear
            placeholder="模块"
            style={{ width: 130 }}
            value={filter.module ?? null}
            onChange={(v) => update({ module: v ?? null })}
            options={(data?.modules ?? []).map((m) => ({ value: m, label: m }))}
            data-testid="audit-filter-module"
          />
          <RangePicker
            value={range}
            onChange={(r) => {
              setRange(r);
              update({ from: r?.[0]?.format('YYYY-MM-DD') ?? null, to: r?.[1]?.format('YYYY-MM-DD') ?? null });
            }}
            format="YYYY-MM-DD"
            placeholder={['开始日期', '结束日期']}
            data-testid="audit-filter-dates"
          />
          <AutoComplete
            allowClear
            placeholder="对象类型"
            style={{ width: 140 }}
            value={targetType}
            options={TARGET_TYPES.map((t) => ({ value: t }))}
            onChange={(v) => {
              setTargetType(v ?? '');
              if (!v) update({ targetType: null });
            }}
            onSelect={(v: string) => update({ targetType: v })}
            onBlur={() => update({ targetType: targetType.trim() || null })}
            data-testid="audit-filter-target"
          />
          <Input.Search
            allowClear
            placeholder="摘要、用户名或操作"
            style={{ width: 240 }}
            value={keyword}
            onChange={(e) => {
              setKeyword(e.target.value);
              if (e.target.value === '' && filter.q) update({ q: null });
            }}
            onSearch={(v) => update({ q: v.trim() || null })}
            data-testid="audit-filter-q"
          />
          {filtered && (
            <Button
              type="link"
              onClick={() => {
                setFilter({});
                setRange(null);
                setKeyword('');
                setTargetType('');
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              data-testid="audit-filter-reset"
            >
              清除筛选
            </Button>
          )}
          <span style={{ flex: 1 }} />
          <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="audit-refresh">
            刷新
          </Button>
        </Flex>
      </Card>
      {list.error && (
        <div style={{ marginBottom: 12 }}>
          <LoadError testId="audit-error" title="无法读取审计日志" error={list.error} onRetry={list.reload} />
        </div>
      )}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <div data-testid="audit-table">
          <Table<AuditLogRow>
            size="small"
            rowKey="id"
            loading={list.loading}
            columns={columns}
            dataSource={data?.rows ?? []}
            locale={{ emptyText }}
            expandable={{
              expandedRowRender: (r) => <Diff row={r} />,
              rowExpandable: (r) => (r.before !== null && r.before !== undefined) || (r.after !== null && r.after !== undefined),
            }}
            onRow={(r) => ({ 'data-testid': 'audit-row', 'data-id': r.id, 'data-action': r.action }) as HTMLAttributes<HTMLElement>}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showQuickJumper: true,
              showTotal: (t) => <span data-testid="audit-total">共 {formatInt(t)} 条</span>,
              onChange: (page, pageSize) => setPaging({ page: pageSize !== paging.pageSize ? 1 : page, pageSize }),
              style: { padding: '0 12px' },
            }}
          />
        </div>
      </Card>
    </div>
  );
}
