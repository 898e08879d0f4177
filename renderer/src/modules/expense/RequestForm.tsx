// The request form (支出申请/报销单): applicant's department, type, purpose, payee, payment method, amount
// typed as 1,234.50; the budget lines it draws on picked with their available figures; invoices with live
// format messages; the type's checklist showing what is missing with an upload per attachment; the extra
// fields of controlled types. The core's check runs as the form changes (budget, duplicates across all
// requests, cash, 三公) and again on saving.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Drawer, Flex, Input, InputNumber, List, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleTwoTone, DeleteOutlined, ExclamationCircleTwoTone, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { BudgetLineFigure, ExpenseCheckResult, ExpenseMeta, InputOf } from '../../../../shared/contract';
import type { ExpenseKind, PayMethod } from '../../../../shared/expense/constants';
import { tryParseFen } from '../../../../shared/money';
import { validateInvoice } from '../../../../shared/validate/invoice';
import { validateCreditCode } from '../../../../shared/validate/creditCode';
import { api, ApiCallError, useApi } from '../../api/client';
import { fenToChineseUpper, formatFen } from '../../format';
import { useSession } from '../../session';
import { Yuan, todayText } from './common';

const { Text } = Typography;

interface LineState { key: string; amount: string }
interface InvoiceState { code: string; number: string; date: string; sellerName: string; sellerCreditCode: string; item: string; amount: string; tax: string; verify: string }
type Att = { itemKey: string; name: string } & ({ uploadId: string } | { fileId: number });

const emptyInvoice = (): InvoiceState => ({ code: '', number: '', date: todayText(), sellerName: '', sellerCreditCode: '', item: '', amount: '', tax: '', verify: '' });
const fenOf = (t: string): number | null => {
  if (!t.trim()) return null;
  const r = tryParseFen(t);
  return r.ok ? r.fen : null;
};
const yuanText = (fen: number) => formatFen(fen).replace(/,/g, '');

export default function RequestForm({ meta, id, onClose, onSaved }: { meta: ExpenseMeta; id: number | null; onClose: () => void; onSaved: (id: number) => void }) {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const [unitId, setUnitId] = useState<number | null>(meta.myUnitId ?? meta.units[0]?.id ?? null);
  const [applyDate, setApplyDate] = useState(todayText());
  const [kind, setKind] = useState<ExpenseKind>('培训');
  const [purpose, setPurpose] = useState('');
  const [payeeName, setPayeeName] = useState('');
  const [payeeBank, setPayeeBank] = useState('');
  const [payeeAccount, setPayeeAccount] = useState('');
  const [payMethod, setPayMethod] = useState<PayMethod>('转账');
  const [cashReason, setCashReason] = useState('');
  const [amount, setAmount] = useState('');
  const [extra, setExtra] = useState<Record<string, string>>({});
  const [lines, setLines] = useState<LineState[]>([{ key: '', amount: '' }]);
  const [invoices, setInvoices] = useState<InvoiceState[]>([]);
  const [atts, setAtts] = useState<Att[]>([]);
  const [check, setCheck] = useState<ExpenseCheckResult | null>(null);
  const [saveError, setSaveError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);
  const year = Number(applyDate.slice(0, 4)) || new Date().getFullYear();
  const budget = useApi('expense.budgetLines', { year }, { enabled: applyDate.length === 10 });
  const existing = useApi('expense.get', { id: id ?? 0 }, { enabled: id !== null });

  // Editing: fill the form from the stored request once.
  const [filled, setFilled] = useState(false);
  useEffect(() => {
    const d = existing.data;
    if (!d || filled) return;
    setFilled(true);
    setUnitId(d.unitId);
    setApplyDate(d.applyDate);
    setKind(d.kind);
    setPurpose(d.purpose);
    setPayeeName(d.payeeName);
    setPayeeBank(d.payeeBank ?? '');
    setPayeeAccount(d.payeeAccount ?? '');
    setPayMethod(d.payMethod);
    setCashReason(d.cashReason ?? '');
    setAmount(yuanText(d.amountFen));
    setExtra(Object.fromEntries(Object.entries(d.extra).map(([k, v]) => [k, v === null ? '' : String(v)])));
    setLines(d.lines.map((l) => ({ key: `${l.unitId}|${l.subjectCode}|${l.fundSource}|${l.projectCode}`, amount: yuanText(l.amountFen) })));
    setInvoices(d.invoices.map((i) => ({ code: i.code ?? '', number: i.number, date: i.date, sellerName: i.sellerName, sellerCreditCode: i.sellerCreditCode ?? '', item: i.item ?? '', amount: yuanText(i.amountFen), tax: i.taxFen ? yuanText(i.taxFen) : '', verify: i.verifyResult ?? '' })));
    setAtts(d.attachments.map((a) => ({ itemKey: a.itemKey, name: a.name, fileId: a.fileId })));
  }, [existing.data, filled]);

  const figures = useMemo(() => new Map((budget.data ?? []).map((f) => [f.key, f])), [budget.data]);
  const checklist = meta.checklists[kind] ?? [];
  const fieldItems = checklist.filter((c) => c.kind === 'field');
  const attItems = checklist.filter((c) => c.kind === 'attachment');
  const sangong = meta.kindSangong[kind] ?? null;

  const request: InputOf<'expense.save'>['request'] | null = useMemo(() => {
    const amountFen = fenOf(amount);
    if (!unitId || !amountFen) return null;
    const ls = lines
      .filter((l) => l.key)
      .map((l) => {
        const [u, subjectCode, fundSource, projectCode] = l.key.split('|');
        return { unitId: Number(u), subjectCode, fundSource, projectCode, amountFen: fenOf(l.amount) ?? 0 };
      });
    if (!ls.length || ls.some((l) => l.amountFen <= 0)) return null;
    return {
      unitId,
      applyDate,
      kind,
      purpose,
      payeeName,
      payeeBank: payeeBank || null,
      payeeAccount: payeeAccount || null,
      payMethod,
      cashReason: cashReason || null,
      amountFen,
      sangong,
      extra: Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== '').map(([k, v]) => [k, /^\d+$/.test(v) ? Number(v) : v])),
      lines: ls,
      invoices: invoices
        .filter((i) => i.number.trim())
        .map((i) => ({ code: i.code || null, number: i.number, date: i.date, sellerName: i.sellerName || '（未填）', sellerCreditCode: i.sellerCreditCode || null, item: i.item || null, amountFen: fenOf(i.amount) ?? 1, taxFen: fenOf(i.tax) ?? 0, verifyResult: i.verify || null })),
      attachments: atts.map((a) => ('uploadId' in a ? { itemKey: a.itemKey, uploadId: a.uploadId } : { itemKey: a.itemKey, fileId: a.fileId })),
    };
  }, [unitId, applyDate, kind, purpose, payeeName, payeeBank, payeeAccount, payMethod, cashReason, amount, extra, lines, invoices, atts, sangong]);

  // The core's check, as the form changes.
  const requestKey = JSON.stringify(request);
  useEffect(() => {
    if (!request || purpose.trim().length < 2 || !payeeName.trim()) {
      setCheck(null);
      return;
    }
    let alive = true;
    const t = setTimeout(() => {
      api.invoke('expense.check', { id, request }).then(
        (r) => alive && setCheck(r),
        () => alive && setCheck(null),
      );
    }, 350);
    return () => {
      alive = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [requestKey, id]);

  async function upload(itemKey: string) {
    try {
      const files = await api.os.openFiles({ title: '选择附件', multiple: true, filters: [{ name: '文档和图片', extensions: ['pdf', 'jpg', 'jpeg', 'png', 'ofd', 'xlsx', 'docx'] }] });
      setAtts((a) => [...a, ...files.map((f) => ({ itemKey, name: f.name, uploadId: f.id }))]);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }

  async function save() {
    setSaveError(null);
    if (!request) {
      setSaveError(new ApiCallError({ code: 'VALIDATION', message: '请填写部门、申请金额，并至少选择一条预算行及其金额。' }));
      return;
    }
    setSaving(true);
    try {
      const d = await api.invoke('expense.save', { id, request });
      message.success(`已保存 ${d.number}`);
      onSaved(d.id);
    } catch (e) {
      setSaveError(ApiCallError.from(e));
    } finally {
      setSaving(false);
    }
  }

  const issuesAt = (prefix: string) => [...(check?.errors ?? []), ...(check?.warnings ?? [])].filter((e) => e.path?.startsWith(prefix));
  const amountFen = fenOf(amount);
  const lineOptions = (budget.data ?? []).map((f: BudgetLineFigure) => ({
    value: f.key,
    label: `${f.unitName} ${f.subjectCode} ${f.subjectName}${f.projectName ? `（${f.projectName}）` : ''} ${f.fundSource} · 可用 ${formatFen(f.availableFen)}`,
  }));
  const missing = new Set((check?.missing ?? []).map((m) => m.key));

  return (
    <Drawer open width={1100} title={id ? '修改支出申请' : '新建支出申请'} onClose={onClose} destroyOnHidden data-testid="expense-form"
      extra={<Space><Button onClick={onClose}>取消</Button><Button type="primary" loading={saving} onClick={save} data-testid="expense-form-save">保存</Button></Space>}>
      {saveError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title="不能保存" description={<div data-testid="expense-form-error">{saveError.message}</div>} />}
      <Card size="small" title="申请信息" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 8]}>
          <Col span={6}><Text type="secondary">经办人</Text><div>{user?.displayName}</div></Col>
          <Col span={6}><Text type="secondary">部门</Text>
            <Select style={{ width: '100%' }} value={unitId} onChange={setUnitId} options={meta.units.map((u) => ({ value: u.id, label: u.name }))} data-testid="form-unit" /></Col>
          <Col span={6}><Text type="secondary">申请日期</Text><Input value={applyDate} onChange={(e) => setApplyDate(e.target.value)} data-testid="form-date" /></Col>
          <Col span={6}><Text type="secondary">支出类型</Text>
            <Select style={{ width: '100%' }} value={kind} onChange={setKind} options={meta.kinds.map((k) => ({ value: k, label: k }))} data-testid="form-kind" />
            {sangong && <Tag color="orange" style={{ marginTop: 4 }} data-testid="form-sangong">三公经费：{sangong}</Tag>}</Col>
          <Col span={24}><Text type="secondary">支出事由</Text><Input.TextArea rows={2} value={purpose} onChange={(e) => setPurpose(e.target.value)} data-testid="form-purpose" /></Col>
          <Col span={8}><Text type="secondary">收款人</Text><Input value={payeeName} onChange={(e) => setPayeeName(e.target.value)} data-testid="form-payee" /></Col>
          <Col span={8}><Text type="secondary">开户行</Text><Input value={payeeBank} onChange={(e) => setPayeeBank(e.target.value)} data-testid="form-bank" /></Col>
          <Col span={8}><Text type="secondary">账号</Text><Input value={payeeAccount} onChange={(e) => setPayeeAccount(e.target.value)} data-testid="form-account" /></Col>
          <Col span={6}><Text type="secondary">支付方式</Text>
            <Select style={{ width: '100%' }} value={payMethod} onChange={setPayMethod} options={meta.payMethods.map((m) => ({ value: m, label: m }))} data-testid="form-method" /></Col>
          <Col span={6}><Text type="secondary">申请金额（元）</Text><Input value={amount} onChange={(e) => setAmount(e.target.value)} style={{ textAlign: 'right' }} data-testid="form-amount" status={amount && amountFen === null ? 'error' : undefined} /></Col>
          <Col span={12}><Text type="secondary">大写</Text><div data-testid="form-upper">{amountFen ? fenToChineseUpper(amountFen) : ''}</div></Col>
          {payMethod === '现金' && (
            <Col span={24}><Text type="secondary">不能转账的原因（现金限额 {formatFen(meta.cashLimitFen)} 元）</Text><Input value={cashReason} onChange={(e) => setCashReason(e.target.value)} data-testid="form-cash-reason" /></Col>
          )}
          {fieldItems.map((it) => (
            <Col span={6} key={it.key}><Text type="secondary">{it.label}</Text>
              <Input value={extra[it.key] ?? ''} onChange={(e) => setExtra({ ...extra, [it.key]: e.target.value })} data-testid={`form-extra-${it.key}`} /></Col>
          ))}
        </Row>
      </Card>

      <Card size="small" title="预算行（无预算不支出）" style={{ marginBottom: 12 }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setLines([...lines, { key: '', amount: '' }])}>添加预算行</Button>}>
        {budget.error && <Alert type="error" title={budget.error.message} />}
        {!budget.loading && !budget.data?.length && <Alert type="warning" showIcon title={`${year} 年度还没有已批准的预算，不能办理支出。`} data-testid="form-no-budget" />}
        {lines.map((l, i) => {
          const f = figures.get(l.key);
          return (
            <div key={i} style={{ marginBottom: 8 }} data-testid={`form-line-${i}`}>
              <Flex gap={8} align="center">
                <Select showSearch optionFilterProp="label" style={{ flex: 1 }} placeholder="选择预算行（科目、项目、资金来源）" value={l.key || undefined} options={lineOptions}
                  onChange={(v) => setLines(lines.map((x, j) => (j === i ? { ...x, key: v } : x)))} data-testid={`form-line-${i}-pick`} />
                <Input style={{ width: 140, textAlign: 'right' }} placeholder="金额（元）" value={l.amount} onChange={(e) => setLines(lines.map((x, j) => (j === i ? { ...x, amount: e.target.value } : x)))} data-testid={`form-line-${i}-amount`} />
                {lines.length > 1 && <Button icon={<DeleteOutlined />} onClick={() => setLines(lines.filter((_, j) => j !== i))} />}
              </Flex>
              {f && (
                <Text type="secondary" style={{ fontSize: 12 }} data-testid={`form-line-${i}-figures`}>
                  预算 {formatFen(f.budgetFen)}，已占用 {formatFen(f.committedFen)}，已支付 {formatFen(f.paidFen)}，可用 <Text strong>{formatFen(f.availableFen)}</Text> 元（超出时{f.mode}）
                </Text>
              )}
              {issuesAt(`lines.${i}`).map((e, k) => <div key={k}><Text type="danger" style={{ fontSize: 12 }}>{e.message}</Text></div>)}
            </div>
          );
        })}
      </Card>

      <Card size="small" title="发票（发票不规范不付款）" style={{ marginBottom: 12 }} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setInvoices([...invoices, emptyInvoice()])} data-testid="form-invoice-add">添加发票</Button>}>
        <Table<InvoiceState & { i: number }>
          size="small" pagination={false} rowKey="i" data-testid="form-invoices"
          dataSource={invoices.map((x, i) => ({ ...x, i }))}
          columns={(['code', 'number', 'date', 'sellerName', 'sellerCreditCode', 'item', 'amount', 'tax', 'verify'] as const).map((k) => ({
            title: { code: '发票代码', number: '发票号码', date: '开票日期', sellerName: '销售方', sellerCreditCode: '销售方信用代码', item: '品目', amount: '价税合计', tax: '税额', verify: '查验结果' }[k],
            key: k,
            render: (_: unknown, r: InvoiceState & { i: number }) => (
              <Input size="small" value={r[k]} data-testid={`inv-${r.i}-${k}`} onChange={(e) => setInvoices(invoices.map((x, j) => (j === r.i ? { ...x, [k]: e.target.value } : x)))} />
            ),
          })).concat([{ title: '检查', key: 'msg', render: (_: unknown, r: InvoiceState & { i: number }) => {
            const local: string[] = [];
            if (r.number.trim()) {
              const v = validateInvoice({ code: r.code || null, number: r.number, date: r.date });
              if (!v.ok) local.push(v.message);
              else local.push(`✓ ${v.kind}`);
            }
            if (r.sellerCreditCode.trim()) {
              const c = validateCreditCode(r.sellerCreditCode);
              if (!c.ok) local.push(`信用代码：${c.message}`);
            }
            const remote = issuesAt(`invoices.${r.i}`).map((e) => e.message);
            return <div data-testid={`inv-${r.i}-msg`} style={{ fontSize: 12, maxWidth: 260 }}>{[...local, ...remote].map((m, k) => <div key={k} style={{ color: m.startsWith('✓') ? '#389e0d' : '#cf1322' }}>{m}</div>)}</div>;
          } } as never, { title: '', key: 'del', render: (_: unknown, r: InvoiceState & { i: number }) => <Button size="small" icon={<DeleteOutlined />} onClick={() => setInvoices(invoices.filter((_, j) => j !== r.i))} /> } as never])}
        />
        {check && invoices.length > 0 && <Text type="secondary" data-testid="form-invoice-total">发票合计 {formatFen(check.invoiceTotalFen)} 元</Text>}
      </Card>

      <Card size="small" title="手续清单（手续不全不付款）" style={{ marginBottom: 12 }}>
        <List
          size="small"
          data-testid="form-checklist"
          dataSource={checklist}
          renderItem={(it) => {
            const done = check ? !missing.has(it.key) : it.kind === 'attachment' ? atts.some((a) => a.itemKey === it.key) : it.kind === 'invoice' ? invoices.length > 0 : !!extra[it.key];
            return (
              <List.Item data-testid={`check-${it.key}`} data-done={done ? 'yes' : 'no'}
                actions={it.kind === 'attachment' ? [<Button key="u" size="small" icon={<UploadOutlined />} onClick={() => upload(it.key)} data-testid={`upload-${it.key}`}>上传</Button>] : []}>
                <Space>
                  {done ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ExclamationCircleTwoTone twoToneColor="#faad14" />}
                  {it.label}
                  {!done && <Text type="warning">缺少</Text>}
                  {atts.filter((a) => a.itemKey === it.key).map((a, k) => (
                    <Tag key={k} closable onClose={() => setAtts(atts.filter((x) => x !== a))}>{a.name}</Tag>
                  ))}
                </Space>
              </List.Item>
            );
          }}
        />
        {attItems.length === 0 && null}
      </Card>

      {check && (check.errors.length > 0 || check.warnings.length > 0) && (
        <Alert type={check.errors.length ? 'error' : 'warning'} showIcon title="检查结果" data-testid="form-check"
          description={<ul style={{ margin: 0, paddingLeft: 18 }}>{[...check.errors, ...check.warnings].map((e, i) => <li key={i} data-testid="form-check-item">{e.message}</li>)}</ul>} />
      )}
      {check && check.errors.length === 0 && check.warnings.length === 0 && <Alert type="success" showIcon title="预算、发票、现金等检查均通过" data-testid="form-check-ok" />}
      <InputNumber style={{ display: 'none' }} />
    </Drawer>
  );
}
