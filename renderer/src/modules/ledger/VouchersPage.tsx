// 凭证录入 / 凭证列表: the list (period, status, keyword; paged by the core), the voucher editor (lines
// grid with account search, required dimensions per account, amounts typed as 1,234.50, running totals
// with 借贷平衡 and 大写), the detail view with the actions its status allows, and the print view.
import { useMemo, useState } from 'react';
import {
  App as AntApp,
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined, PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { AccountRow, DimensionsInfo, InputOf, VoucherDetail, VoucherListRow } from '../../../../shared/contract';
import { LEDGER_ROLES } from '../../../../shared/contract/ledger';
import { parseFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { fenToChineseUpper, formatFen } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { Amount, SetPicker, STATUS_COLORS, today, useLedgerSet } from './common';

const { Text } = Typography;

type Filter = { month: Dayjs | null; status: string | null; keyword: string };

export default function VouchersPage() {
  const { sets, set, setSetId } = useLedgerSet();
  const [filter, setFilter] = useState<Filter>({ month: null, status: null, keyword: '' });
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const [editing, setEditing] = useState<VoucherDetail | 'new' | null>(null);
  const { user } = useSession();
  const mayPrepare = hasAnyRole(user, LEDGER_ROLES.preparers);

  const input: InputOf<'ledger.vouchers.list'> = {
    setId: set?.id ?? 1,
    year: filter.month ? filter.month.year() : null,
    month: filter.month ? filter.month.month() + 1 : null,
    status: (filter.status as InputOf<'ledger.vouchers.list'>['status']) ?? null,
    keyword: filter.keyword || null,
    ...paging,
  };
  const list = useApi('ledger.vouchers.list', input, { enabled: Boolean(set) });

  const columns: TableColumnsType<VoucherListRow> = [
    { title: '日期', dataIndex: 'date', width: 110, render: (d: string) => <span style={numStyle}>{d}</span> },
    {
      title: '凭证号',
      dataIndex: 'label',
      width: 110,
      render: (l: string, r) => (
        <a data-testid="voucher-link" onClick={() => setOpenId(r.id)}>
          {l}
        </a>
      ),
    },
    { title: '摘要', dataIndex: 'summary', ellipsis: true },
    { title: '借方金额', dataIndex: 'debitTotal', width: 140, align: 'right', render: (v: number) => <Amount fen={v} /> },
    { title: '贷方金额', dataIndex: 'creditTotal', width: 140, align: 'right', render: (v: number) => <Amount fen={v} /> },
    { title: '附单据', dataIndex: 'attachmentCount', width: 70, align: 'right' },
    { title: '类型', dataIndex: 'kind', width: 90, render: (k: string) => (k === '普通' ? '' : <Tag color={k === '红字冲销' ? 'red' : 'purple'}>{k}</Tag>) },
    { title: '状态', dataIndex: 'status', width: 80, render: (s: string) => <Tag color={STATUS_COLORS[s]} data-testid="voucher-status">{s}</Tag> },
    { title: '制单', width: 80, render: (_, r) => r.preparer.name },
    { title: '审核', width: 80, render: (_, r) => r.reviewer?.name ?? '' },
    { title: '记账', width: 80, render: (_, r) => r.poster?.name ?? '' },
  ];

  return (
    <div data-testid="ledger-vouchers">
      <PageHeading
        title="凭证管理"
        sub={set ? `${set.name} · ${set.currentYear} 年度` : undefined}
        extra={
          <Space>
            <SetPicker sets={sets} set={set} onChange={setSetId} />
            {mayPrepare && (
              <Button type="primary" icon={<PlusOutlined />} disabled={!set} onClick={() => setEditing('new')} data-testid="voucher-new">
                新增凭证
              </Button>
            )}
          </Space>
        }
      />
      {!set && !list.loading && <Alert type="info" showIcon title="尚未建立账套。请由系统管理员或会计新建账套后再录入凭证。" />}
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <DatePicker
          picker="month"
          placeholder="会计期间"
          value={filter.month}
          onChange={(m) => {
            setFilter({ ...filter, month: m });
            setPaging({ ...paging, page: 1 });
          }}
          data-testid="voucher-filter-month"
        />
        <Select
          allowClear
          placeholder="凭证状态"
          style={{ width: 130 }}
          value={filter.status}
          options={['草稿', '已审核', '已记账', '已作废'].map((s) => ({ value: s, label: s }))}
          onChange={(s) => {
            setFilter({ ...filter, status: s ?? null });
            setPaging({ ...paging, page: 1 });
          }}
          data-testid="voucher-filter-status"
        />
        <Input.Search
          allowClear
          placeholder="摘要、科目名称或凭证号"
          style={{ width: 260 }}
          onSearch={(k) => {
            setFilter({ ...filter, keyword: k.trim() });
            setPaging({ ...paging, page: 1 });
          }}
          data-testid="voucher-filter-keyword"
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          刷新
        </Button>
      </Flex>
      {list.error && <LoadError testId="voucher-list-error" title="凭证列表加载失败" error={list.error} onRetry={list.reload} />}
      <Table<VoucherListRow>
        data-testid="voucher-table"
        size="small"
        bordered
        rowKey="id"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.rows ?? []}
        onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (t) => `共 ${t} 张`,
          onChange: (page, pageSize) => setPaging({ page, pageSize }),
        }}
      />
      {openId !== null && (
        <VoucherDrawer
          id={openId}
          onOpen={setOpenId}
          onClose={() => setOpenId(null)}
          onChanged={list.reload}
          onEdit={(v) => setEditing(v)}
        />
      )}
      {editing && set && (
        <VoucherEditor
          setId={set.id}
          setName={set.name}
          voucher={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(v) => {
            setEditing(null);
            list.reload();
            setOpenId(v.id);
          }}
        />
      )}
    </div>
  );
}

// ── editor ────────────────────────────────────────────────────────────────────────────────────────────

export interface EditLine {
  key: number;
  summary: string;
  accountCode: string | null;
  debit: string;
  credit: string;
  projectId: number | null;
  fundSource: string | null;
  expenseType: string | null;
  econCode: string | null;
  unitId: number | null;
}

let lineKey = 1;
const blank = (summary = ''): EditLine => ({
  key: lineKey++,
  summary,
  accountCode: null,
  debit: '',
  credit: '',
  projectId: null,
  fundSource: null,
  expenseType: null,
  econCode: null,
  unitId: null,
});

function fenOf(text: string): number | null {
  if (!text.trim()) return 0;
  try {
    return parseFen(text);
  } catch {
    return null;
  }
}

function VoucherEditor({
  setId,
  setName,
  voucher,
  onClose,
  onSaved,
}: {
  setId: number;
  setName: string;
  voucher: VoucherDetail | null;
  onClose: () => void;
  onSaved: (v: VoucherDetail) => void;
}) {
  const { message } = AntApp.useApp();
  const accounts = useApi('ledger.accounts.list', { setId, includeInactive: false });
  const dims = useApi('ledger.dimensions.list', { setId });
  const units = useApi('units.list', { page: 1, pageSize: 200 } as InputOf<'units.list'>);
  const [date, setDate] = useState<Dayjs>(voucher ? dayjs(voucher.date) : dayjs(today()));
  const [attachmentCount, setAttachmentCount] = useState<number>(voucher?.attachmentCount ?? 0);
  const [lines, setLines] = useState<EditLine[]>(() =>
    voucher
      ? voucher.lines.map((l) => ({
          key: lineKey++,
          summary: l.summary,
          accountCode: l.accountCode,
          debit: l.debit ? formatFen(l.debit) : '',
          credit: l.credit ? formatFen(l.credit) : '',
          projectId: l.projectId,
          fundSource: l.fundSource,
          expenseType: l.expenseType,
          econCode: l.econCode,
          unitId: l.unitId,
        }))
      : [blank(), blank(), blank(), blank()],
  );
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const byCode = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.code, a])), [accounts.data]);
  const accountOptions = useMemo(
    () =>
      (accounts.data ?? [])
        .filter((a) => a.isLeaf && a.active)
        .map((a) => ({ value: a.code, label: `${a.code} ${a.fullName}` })),
    [accounts.data],
  );

  const parsed = lines.map((l) => ({ debit: fenOf(l.debit), credit: fenOf(l.credit) }));
  const debitTotal = parsed.reduce((t, p) => t + (p.debit ?? 0), 0);
  const creditTotal = parsed.reduce((t, p) => t + (p.credit ?? 0), 0);
  const balanced = debitTotal === creditTotal && debitTotal !== 0;

  const update = (key: number, patch: Partial<EditLine>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  async function save() {
    setError(null);
    const used = lines.filter((l) => l.accountCode || l.debit.trim() || l.credit.trim());
    for (const [i, l] of used.entries()) {
      const d = fenOf(l.debit);
      const c = fenOf(l.credit);
      if (d === null || c === null) return setError(`第 ${i + 1} 行：金额格式不正确（例如 1,234.50）`);
      if (!l.accountCode) return setError(`第 ${i + 1} 行：请选择会计科目`);
    }
    const first = used[0]?.summary.trim() ?? '';
    const body = {
      date: date.format('YYYY-MM-DD'),
      summary: first || '（无摘要）',
      attachmentCount,
      attachments: voucher ? voucher.attachments.map((a) => ({ fileId: a.fileId })) : [],
      lines: used.map((l) => {
        const a = byCode.get(l.accountCode!);
        const req = new Set(a?.requiredDimensions ?? []);
        return {
          summary: l.summary.trim() || first || null,
          accountCode: l.accountCode!,
          debit: fenOf(l.debit) ?? 0,
          credit: fenOf(l.credit) ?? 0,
          projectId: req.has('project') || l.projectId ? l.projectId : null,
          fundSource: (req.has('fundSource') ? l.fundSource : null) as '工会资金' | '财政拨款' | null,
          expenseType: (req.has('expenseType') ? l.expenseType : null) as '基本支出' | '项目支出' | null,
          econCode: req.has('econClass') ? l.econCode : null,
          unitId: req.has('unit') ? l.unitId : null,
        };
      }),
    };
    setSaving(true);
    try {
      const v = voucher
        ? await api.invoke('ledger.vouchers.updateDraft', { id: voucher.id, ...body })
        : await api.invoke('ledger.vouchers.create', { setId, ...body });
      message.success(`已保存凭证 ${v.label}`);
      onSaved(v);
    } catch (e) {
      const err = ApiCallError.from(e);
      const more = (err.details ?? []).length > 3 ? `\n${err.details!.map((d) => d.message).join('\n')}` : '';
      setError(err.message + more);
    } finally {
      setSaving(false);
    }
  }

  const columns: TableColumnsType<EditLine> = [
    { title: '', width: 36, align: 'center', render: (_, __, i) => i + 1 },
    {
      title: '摘要',
      width: 220,
      render: (_, l, i) => (
        <Input
          value={l.summary}
          data-testid={`line-summary-${i}`}
          placeholder={i === 0 ? '例如：购买办公用品' : ''}
          onChange={(e) => update(l.key, { summary: e.target.value })}
        />
      ),
    },
    {
      title: '会计科目',
      render: (_, l, i) => {
        const a = l.accountCode ? byCode.get(l.accountCode) : undefined;
        return (
          <Space direction="vertical" size={4} style={{ width: '100%' }}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: '100%' }}
              value={l.accountCode}
              placeholder="输入编码或名称搜索"
              options={accountOptions}
              onChange={(code) => update(l.key, { accountCode: code })}
              data-testid={`line-account-${i}`}
            />
            {a && <DimensionInputs line={l} account={a} dims={dims.data} units={units.data?.rows ?? []} index={i} onChange={(p) => update(l.key, p)} />}
          </Space>
        );
      },
    },
    {
      title: '借方金额',
      width: 150,
      render: (_, l, i) => (
        <Input
          value={l.debit}
          status={parsed[i].debit === null ? 'error' : undefined}
          style={{ ...numStyle, textAlign: 'right' }}
          data-testid={`line-debit-${i}`}
          onChange={(e) => update(l.key, { debit: e.target.value, credit: e.target.value ? '' : l.credit })}
          onBlur={() => {
            const f = fenOf(l.debit);
            if (f) update(l.key, { debit: formatFen(f) });
          }}
        />
      ),
    },
    {
      title: '贷方金额',
      width: 150,
      render: (_, l, i) => (
        <Input
          value={l.credit}
          status={parsed[i].credit === null ? 'error' : undefined}
          style={{ ...numStyle, textAlign: 'right' }}
          data-testid={`line-credit-${i}`}
          onChange={(e) => update(l.key, { credit: e.target.value, debit: e.target.value ? '' : l.debit })}
          onBlur={() => {
            const f = fenOf(l.credit);
            if (f) update(l.key, { credit: formatFen(f) });
          }}
        />
      ),
    },
    {
      title: '',
      width: 40,
      render: (_, l) => (
        <Button type="text" size="small" icon={<DeleteOutlined />} aria-label="删除分录" disabled={lines.length <= 2} onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))} />
      ),
    },
  ];

  return (
    <Modal
      open
      width={1180}
      title={voucher ? `修改凭证 ${voucher.label}` : '填制记账凭证'}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={save} data-testid="voucher-save">
            保存
          </Button>
        </Space>
      }
    >
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Text type="secondary">{setName}</Text>
        <Space>
          <span>日期</span>
          <DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} data-testid="voucher-date" />
          <span>附单据</span>
          <InputNumber min={0} max={9999} value={attachmentCount} onChange={(v) => setAttachmentCount(v ?? 0)} style={{ width: 80 }} data-testid="voucher-attachments" />
          <span>张</span>
        </Space>
      </Flex>
      {accounts.error && <LoadError testId="accounts-error" title="会计科目加载失败" error={accounts.error} onRetry={accounts.reload} />}
      <Table<EditLine>
        size="small"
        bordered
        rowKey="key"
        pagination={false}
        columns={columns}
        dataSource={lines}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              <Space>
                <Text strong>合计</Text>
                <Text data-testid="voucher-upper">{debitTotal > 0 ? fenToChineseUpper(debitTotal) : ''}</Text>
                {debitTotal !== 0 || creditTotal !== 0 ? (
                  balanced ? (
                    <Tag color="green" data-testid="voucher-balance">借贷平衡</Tag>
                  ) : (
                    <Tag color="red" data-testid="voucher-balance">借贷不平衡，差额 {formatFen(debitTotal - creditTotal)}</Tag>
                  )
                ) : null}
              </Space>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Text strong style={numStyle} data-testid="voucher-debit-total">{formatFen(debitTotal)}</Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <Text strong style={numStyle} data-testid="voucher-credit-total">{formatFen(creditTotal)}</Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} />
          </Table.Summary.Row>
        )}
      />
      <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => setLines((ls) => [...ls, blank()])} data-testid="line-add">
        增加分录
      </Button>
      {error && <Alert style={{ marginTop: 12, whiteSpace: 'pre-line' }} type="error" showIcon title={error} data-testid="voucher-error" />}
    </Modal>
  );
}

export function DimensionInputs({
  line,
  account,
  dims,
  units,
  index,
  onChange,
}: {
  line: EditLine;
  account: AccountRow;
  dims: DimensionsInfo | undefined;
  units: Array<{ id: number; code: string; name: string }>;
  index: number;
  onChange: (p: Partial<EditLine>) => void;
}) {
  const req = account.requiredDimensions;
  if (!req.length) return null;
  return (
    <Flex gap={6} wrap data-testid={`line-dims-${index}`}>
      {req.includes('fundSource') && (
        <Select
          size="small"
          style={{ width: 110 }}
          placeholder="资金来源"
          value={line.fundSource}
          options={(dims?.fundSources ?? ['工会资金', '财政拨款']).map((s) => ({ value: s, label: s }))}
          onChange={(v) => onChange({ fundSource: v })}
          data-testid={`line-fund-${index}`}
        />
      )}
      {req.includes('expenseType') && (
        <Select
          size="small"
          style={{ width: 110 }}
          placeholder="支出类型"
          value={line.expenseType}
          options={(dims?.expenseTypes ?? ['基本支出', '项目支出']).map((s) => ({ value: s, label: s }))}
          onChange={(v) => onChange({ expenseType: v })}
          data-testid={`line-expense-${index}`}
        />
      )}
      {req.includes('econClass') && (
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          placeholder="经济分类"
          value={line.econCode}
          options={(dims?.econClasses ?? []).filter((e) => e.level === '款' && e.active).map((e) => ({ value: e.code, label: `${e.code} ${e.name}` }))}
          onChange={(v) => onChange({ econCode: v })}
          data-testid={`line-econ-${index}`}
        />
      )}
      {(req.includes('project') || line.expenseType === '项目支出') && (
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 180 }}
          placeholder="项目"
          value={line.projectId}
          options={(dims?.projects ?? []).filter((p) => p.active).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))}
          onChange={(v) => onChange({ projectId: v })}
          data-testid={`line-project-${index}`}
        />
      )}
      {req.includes('unit') && (
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          placeholder="往来单位"
          value={line.unitId}
          options={units.map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }))}
          onChange={(v) => onChange({ unitId: v })}
          data-testid={`line-unit-${index}`}
        />
      )}
    </Flex>
  );
}

// ── detail, actions and print ─────────────────────────────────────────────────────────────────────────

function VoucherDrawer({
  id,
  onOpen,
  onClose,
  onChanged,
  onEdit,
}: {
  id: number;
  onOpen: (id: number) => void;
  onClose: () => void;
  onChanged: () => void;
  onEdit: (v: VoucherDetail) => void;
}) {
  const { message, modal } = AntApp.useApp();
  const detail = useApi('ledger.vouchers.get', { id });
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [reverseOpen, setReverseOpen] = useState(false);
  const v = detail.data;

  async function act(name: 'ledger.vouchers.review' | 'ledger.vouchers.unreview' | 'ledger.vouchers.post', done: string) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke(name, { id });
      message.success(`${r.label} ${done}`);
      detail.reload();
      onChanged();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  function askVoid() {
    let reason = '';
    modal.confirm({
      title: '作废凭证',
      content: <Input.TextArea rows={3} placeholder="作废原因（保留凭证号）" onChange={(e) => (reason = e.target.value)} data-testid="void-reason" />,
      okText: '作废',
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          await api.invoke('ledger.vouchers.void', { id, reason });
          detail.reload();
          onChanged();
        } catch (e) {
          setError(ApiCallError.from(e).message);
        }
      },
    });
  }

  const can = (roles: readonly string[]) => hasAnyRole(user, roles);
  return (
    <Drawer open width={980} title={v ? `记账凭证 ${v.label}` : '记账凭证'} onClose={onClose} data-testid="voucher-drawer">
      {detail.error && <LoadError testId="voucher-error-load" title="凭证加载失败" error={detail.error} onRetry={detail.reload} />}
      {v && (
        <>
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            {v.status === '草稿' && can(LEDGER_ROLES.preparers) && (
              <Button onClick={() => onEdit(v)} data-testid="voucher-edit">
                修改
              </Button>
            )}
            {v.status === '草稿' && can(LEDGER_ROLES.reviewers) && (
              <Button type="primary" loading={busy} onClick={() => act('ledger.vouchers.review', '已审核')} data-testid="voucher-review">
                审核
              </Button>
            )}
            {v.status === '已审核' && can(LEDGER_ROLES.reviewers) && (
              <Button loading={busy} onClick={() => act('ledger.vouchers.unreview', '已取消审核')} data-testid="voucher-unreview">
                取消审核
              </Button>
            )}
            {v.status === '已审核' && can(LEDGER_ROLES.posters) && (
              <Button type="primary" loading={busy} onClick={() => act('ledger.vouchers.post', '已记账')} data-testid="voucher-post">
                记账
              </Button>
            )}
            {v.status === '草稿' && can(LEDGER_ROLES.preparers) && (
              <Button danger onClick={askVoid} data-testid="voucher-void">
                作废
              </Button>
            )}
            {v.status === '已记账' && !v.reversedBy && v.kind !== '红字冲销' && can(LEDGER_ROLES.reversers) && (
              <Button danger onClick={() => setReverseOpen(true)} data-testid="voucher-reverse">
                红字冲销
              </Button>
            )}
            <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="voucher-print">
              打印
            </Button>
          </Flex>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="voucher-action-error" />}
          <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="账套">{v.setName}</Descriptions.Item>
            <Descriptions.Item label="日期">{v.date}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Tag color={STATUS_COLORS[v.status]} data-testid="voucher-detail-status">{v.status}</Tag>
              {v.kind !== '普通' && <Tag color="red">{v.kind}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="制单">{v.preparer.name}</Descriptions.Item>
            <Descriptions.Item label="审核">{v.reviewer?.name ?? ''}</Descriptions.Item>
            <Descriptions.Item label="记账">{v.poster?.name ?? ''}</Descriptions.Item>
            <Descriptions.Item label="附单据">{v.attachmentCount} 张</Descriptions.Item>
            {v.reverses && (
              <Descriptions.Item label="冲销的凭证">
                <a onClick={() => onOpen(v.reverses!.id)} data-testid="voucher-reverses-link">{v.reverses.label}</a>
                <Text type="secondary">（{v.reverses.status}）</Text>
              </Descriptions.Item>
            )}
            {v.reversedBy && (
              <Descriptions.Item label="已被冲销">
                <a onClick={() => onOpen(v.reversedBy!.id)} data-testid="voucher-reversed-by-link">{v.reversedBy.label}</a>
                <Text type="secondary">（红字冲销，{v.reversedBy.status}）</Text>
              </Descriptions.Item>
            )}
            {v.voidReason && <Descriptions.Item label="作废原因">{v.voidReason}</Descriptions.Item>}
          </Descriptions>
          <VoucherLinesTable v={v} />
          {printing && <PrintView v={v} onClose={() => setPrinting(false)} />}
          {reverseOpen && (
            <ReverseModal
              v={v}
              onClose={() => setReverseOpen(false)}
              onDone={(r) => {
                setReverseOpen(false);
                onChanged();
                onOpen(r.id);
              }}
            />
          )}
        </>
      )}
    </Drawer>
  );
}

function VoucherLinesTable({ v }: { v: VoucherDetail }) {
  return (
    <Table
      size="small"
      bordered
      rowKey="lineNo"
      pagination={false}
      dataSource={v.lines}
      columns={[
        { title: '摘要', dataIndex: 'summary', width: 200 },
        {
          title: '会计科目',
          render: (_, l) => (
            <>
              <div>{`${l.accountCode} ${l.accountFullName}`}</div>
              <Text type="secondary" style={{ fontSize: 12 }}>
                {[l.fundSource, l.expenseType, l.econCode && `${l.econCode} ${l.econName ?? ''}`, l.projectName, l.unitName].filter(Boolean).join(' / ')}
              </Text>
            </>
          ),
        },
        { title: '借方金额', dataIndex: 'debit', width: 140, align: 'right', render: (x: number) => <Amount fen={x} /> },
        { title: '贷方金额', dataIndex: 'credit', width: 140, align: 'right', render: (x: number) => <Amount fen={x} /> },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={2}>
            <Text strong>合计：</Text>
            <Text data-testid="voucher-detail-upper">{v.totalUpper}</Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            <Amount fen={v.debitTotal} strong />
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            <Amount fen={v.creditTotal} strong />
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function ReverseModal({ v, onClose, onDone }: { v: VoucherDetail; onClose: () => void; onDone: (r: VoucherDetail) => void }) {
  const [reason, setReason] = useState('');
  const [date, setDate] = useState<Dayjs>(dayjs(today()));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function ok() {
    setBusy(true);
    setError(null);
    try {
      onDone(await api.invoke('ledger.vouchers.reverse', { id: v.id, date: date.format('YYYY-MM-DD'), reason }));
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={`红字冲销 ${v.label}`} onCancel={onClose} onOk={ok} okText="生成红字凭证" okButtonProps={{ danger: true, loading: busy, ...({ 'data-testid': 'reverse-ok' } as object) }}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Text type="secondary">将生成一张金额为负数的红字冲销凭证，原凭证保持不变并与其互相链接。</Text>
        <Space>
          <span>冲销日期</span>
          <DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} data-testid="reverse-date" />
        </Space>
        <Input.TextArea rows={3} placeholder="冲销原因" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reverse-reason" />
        {error && <Alert type="error" showIcon title={error} data-testid="reverse-error" />}
      </Space>
    </Modal>
  );
}

const PRINT_CSS = `
@media print {
  body * { visibility: hidden !important; }
  .voucher-print, .voucher-print * { visibility: visible !important; }
  .voucher-print { position: fixed; left: 0; top: 0; width: 100%; padding: 8mm; }
  .voucher-print-actions { display: none !important; }
}
.voucher-print table { width: 100%; border-collapse: collapse; font-family: 宋体, SimSun, serif; }
.voucher-print th, .voucher-print td { border: 1px solid #333; padding: 6px 8px; font-size: 13px; }
.voucher-print th { font-weight: 600; text-align: center; }
.voucher-print td.amt { text-align: right; font-variant-numeric: tabular-nums; width: 130px; }
`;

function PrintView({ v, onClose }: { v: VoucherDetail; onClose: () => void }) {
  const { message } = AntApp.useApp();
  async function print() {
    try {
      const saved = await api.os.printToPDF({ defaultName: `记账凭证_${v.setName}_${v.date}_${v.label}.pdf` });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  const rows = [...v.lines];
  while (rows.length < 5) rows.push(null as never);
  return (
    <Modal open width={900} title="打印预览" onCancel={onClose} footer={null}>
      <style>{PRINT_CSS}</style>
      <div className="voucher-print" data-testid="voucher-print-view">
        <div style={{ textAlign: 'center', fontSize: 22, fontWeight: 700, letterSpacing: 8, fontFamily: '宋体, SimSun, serif' }}>记账凭证</div>
        <Flex justify="space-between" style={{ margin: '8px 0', fontSize: 13 }}>
          <span>核算单位：{v.setName}</span>
          <span>日期：{v.date}</span>
          <span>
            凭证号：{v.label}
            {v.kind === '红字冲销' ? '（红字冲销）' : ''}
          </span>
        </Flex>
        <table>
          <thead>
            <tr>
              <th>摘要</th>
              <th>会计科目</th>
              <th>借方金额</th>
              <th>贷方金额</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l, i) =>
              l ? (
                <tr key={i}>
                  <td>{l.summary}</td>
                  <td>
                    {l.accountCode} {l.accountFullName}
                    {(l.fundSource || l.econCode || l.projectName || l.unitName) && (
                      <div style={{ fontSize: 11, color: '#555' }}>
                        {[l.fundSource, l.expenseType, l.econCode && `${l.econCode} ${l.econName ?? ''}`, l.projectName, l.unitName].filter(Boolean).join(' / ')}
                      </div>
                    )}
                  </td>
                  <td className="amt">{l.debit ? formatFen(l.debit) : ''}</td>
                  <td className="amt">{l.credit ? formatFen(l.credit) : ''}</td>
                </tr>
              ) : (
                <tr key={i}>
                  <td>&nbsp;</td>
                  <td />
                  <td className="amt" />
                  <td className="amt" />
                </tr>
              ),
            )}
            <tr>
              <td colSpan={2}>
                合计：<span data-testid="print-upper">{v.totalUpper}</span>
              </td>
              <td className="amt">{formatFen(v.debitTotal)}</td>
              <td className="amt">{formatFen(v.creditTotal)}</td>
            </tr>
          </tbody>
        </table>
        <Flex justify="space-between" style={{ marginTop: 12, fontSize: 13 }} data-testid="print-signatures">
          <span>会计主管：</span>
          <span>记账：{v.poster?.name ?? ''}</span>
          <span>审核：{v.reviewer?.name ?? ''}</span>
          <span>制单：{v.preparer.name}</span>
          <span>附单据 {v.attachmentCount} 张</span>
        </Flex>
      </div>
      <Flex justify="end" gap={8} style={{ marginTop: 16 }} className="voucher-print-actions">
        <Button onClick={onClose}>关闭</Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={print} data-testid="print-go">
          打印
        </Button>
      </Flex>
    </Modal>
  );
}
