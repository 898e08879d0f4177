// One request: its figures, invoices, attachments and checklist, the controls' results, the seven steps
// as antd Steps with each signer, date and opinion, the history, and the buttons for the current step and
// the viewer's role (approve / return to any earlier step / reject / on-behalf / pay / post / verify);
// the print view of the approval form with the amount in 大写.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Flex, Input, Modal, Select, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { EditOutlined, PrinterOutlined } from '@ant-design/icons';
import type { ExpenseDetail, ExpenseMeta } from '../../../../shared/contract';
import type { PayMethod } from '../../../../shared/expense/constants';
import { tryParseFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDateTime, formatFen } from '../../format';
import { Loading, LoadError } from '../../components/page';
import { StatusTag, Yuan, todayText } from './common';

const { Text } = Typography;

export default function RequestDetail({ id, meta, onChanged, onEdit }: { id: number; meta: ExpenseMeta; onChanged: () => void; onEdit: (id: number) => void }) {
  const d = useApi('expense.get', { id });
  const [printing, setPrinting] = useState(false);
  if (d.error && !d.data) return <LoadError testId="expense-detail-error" title="无法读取支出申请" error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Loading testId="expense-detail-loading" text="正在读取…" />;
  const r = d.data;
  const reload = () => {
    d.reload();
    onChanged();
  };
  const current = r.status === '已办结' ? 7 : r.step - 1;
  return (
    <div data-testid="expense-detail" data-status={r.status} data-step={r.step}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Space>
          <Text strong style={{ fontSize: 18 }} data-testid="detail-number">{r.number}</Text>
          <StatusTag status={r.status} testId="detail-status" />
          {r.sangong && <Tag color="orange">三公：{r.sangong}</Tag>}
        </Space>
        <Space>
          {r.actions.edit && <Button icon={<EditOutlined />} onClick={() => onEdit(r.id)} data-testid="detail-edit">修改</Button>}
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="detail-print">打印审批单</Button>
        </Space>
      </Flex>
      <Steps
        size="small"
        current={current}
        status={r.status === '已驳回' ? 'error' : r.status === '已办结' ? 'finish' : 'process'}
        data-testid="detail-steps"
        items={r.steps.map((s) => ({
          title: s.name,
          status: s.state === '已完成' ? 'finish' : s.state === '当前' ? (r.status === '已驳回' ? 'error' : 'process') : 'wait',
          content: (
            <div style={{ fontSize: 12 }} data-testid={`detail-step-${s.step}`}>
              {s.signer && <div>{s.signer}{s.onBehalf && <Tag color="purple" style={{ marginLeft: 4 }}>代录</Tag>}</div>}
              {s.signedAt && <div>{s.signedAt.length > 10 ? formatDateTime(s.signedAt) : s.signedAt}</div>}
            </div>
          ),
        }))}
        style={{ marginBottom: 16 }}
      />
      <Outcome r={r} meta={meta} />
      <ActionBar r={r} meta={meta} onDone={reload} />
      {r.errors.length > 0 && r.status !== '已办结' && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title="以下问题解决前不能通过本环节" data-testid="detail-errors"
          description={<ul style={{ margin: 0, paddingLeft: 18 }}>{r.errors.map((e, i) => <li key={i}>{e.message}</li>)}</ul>} />
      )}
      {r.warnings.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="提示" description={<ul style={{ margin: 0, paddingLeft: 18 }}>{r.warnings.map((e, i) => <li key={i}>{e.message}</li>)}</ul>} />
      )}
      <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="部门">{r.unitName}</Descriptions.Item>
        <Descriptions.Item label="经办人">{r.applicantName}</Descriptions.Item>
        <Descriptions.Item label="申请日期">{r.applyDate}</Descriptions.Item>
        <Descriptions.Item label="支出类型">{r.kind}</Descriptions.Item>
        <Descriptions.Item label="支付方式">{r.payMethod}{r.cashReason ? `（${r.cashReason}）` : ''}</Descriptions.Item>
        <Descriptions.Item label="金额（元）"><Yuan fen={r.amountFen} testId="detail-amount" /></Descriptions.Item>
        <Descriptions.Item label="大写" span={3}><span data-testid="detail-upper">{r.amountUpper}</span></Descriptions.Item>
        <Descriptions.Item label="事由" span={3}>{r.purpose}</Descriptions.Item>
        <Descriptions.Item label="收款人">{r.payeeName}</Descriptions.Item>
        <Descriptions.Item label="开户行">{r.payeeBank}</Descriptions.Item>
        <Descriptions.Item label="账号">{r.payeeAccount}</Descriptions.Item>
        {Object.entries(r.extra).map(([k, v]) => (
          <Descriptions.Item key={k} label={meta.checklists[r.kind]?.find((c) => c.key === k)?.label ?? k}>{String(v ?? '')}</Descriptions.Item>
        ))}
      </Descriptions>
      <Card size="small" title="预算行" style={{ marginBottom: 12 }}>
        <Table size="small" pagination={false} rowKey="lineNo" dataSource={r.lines} data-testid="detail-lines"
          columns={[
            { title: '科目', render: (_, l) => `${l.subjectCode} ${l.subjectName}` },
            { title: '项目', render: (_, l) => l.projectName ?? '' },
            { title: '资金来源', dataIndex: 'fundSource' },
            { title: '本申请', dataIndex: 'amountFen', align: 'right', render: (v: number) => <Yuan fen={v} /> },
            { title: '预算', align: 'right', render: (_, l) => <Yuan fen={l.figure?.budgetFen} /> },
            { title: '其他占用', align: 'right', render: (_, l) => <Yuan fen={l.figure?.committedFen} /> },
            { title: '其他已付', align: 'right', render: (_, l) => <Yuan fen={l.figure?.paidFen} /> },
            { title: '可用（不含本申请）', align: 'right', render: (_, l) => <Yuan fen={l.figure?.availableFen} testId="detail-line-available" /> },
            { title: '状态', dataIndex: 'state', render: (s: string) => <Tag>{s}</Tag> },
          ]} />
      </Card>
      <Card size="small" title={`发票（${r.invoices.length} 张）`} style={{ marginBottom: 12 }}>
        <Table size="small" pagination={false} rowKey="lineNo" dataSource={r.invoices} data-testid="detail-invoices"
          columns={[
            { title: '发票代码', dataIndex: 'code' },
            { title: '发票号码', dataIndex: 'number' },
            { title: '种类', dataIndex: 'kind' },
            { title: '开票日期', dataIndex: 'date' },
            { title: '销售方', dataIndex: 'sellerName' },
            { title: '品目', dataIndex: 'item' },
            { title: '价税合计', dataIndex: 'amountFen', align: 'right', render: (v: number) => <Yuan fen={v} /> },
            { title: '税额', dataIndex: 'taxFen', align: 'right', render: (v: number) => <Yuan fen={v} /> },
            { title: '查验结果', dataIndex: 'verifyResult' },
          ]} />
      </Card>
      <Card size="small" title="手续清单与附件" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap data-testid="detail-checklist">
          {r.checklist.map((c) => (
            <Tag key={c.key} color={c.done ? 'success' : 'warning'} data-testid={`detail-check-${c.key}`}>{c.label}{c.done ? '' : '（缺）'}</Tag>
          ))}
        </Flex>
        <div style={{ marginTop: 8 }}>
          {r.attachments.map((a) => (
            <div key={a.id}><FileLink requestId={r.id} fileId={a.fileId} name={a.name} /> <Text type="secondary" style={{ fontSize: 11 }}>SHA-256 {a.sha256.slice(0, 16)}…</Text></div>
          ))}
        </div>
      </Card>
      {(r.payment || r.voucher) && (
        <Descriptions size="small" bordered column={3} style={{ marginBottom: 12 }} data-testid="detail-payment">
          {r.payment && (<>
            <Descriptions.Item label="付款日期">{r.payment.paidOn}</Descriptions.Item>
            <Descriptions.Item label="付款方式">{r.payment.method}（{r.payment.fromAccount === '101' ? '库存现金' : '银行存款'}）</Descriptions.Item>
            <Descriptions.Item label="银行流水号">{r.payment.bankRef}</Descriptions.Item>
            <Descriptions.Item label="出纳">{r.payment.cashierName}</Descriptions.Item>
            <Descriptions.Item label="付款金额"><Yuan fen={r.payment.amountFen} /></Descriptions.Item>
          </>)}
          {r.voucher && <Descriptions.Item label="记账凭证"><span data-testid="detail-voucher">{r.voucher.label}</span> <Tag data-testid="detail-voucher-status">{r.voucher.status}</Tag> <Yuan fen={r.voucher.debitTotalFen} /></Descriptions.Item>}
        </Descriptions>
      )}
      <Card size="small" title="审批记录">
        <Timeline data-testid="detail-history"
          items={r.history.map((h) => ({
            color: h.action === '驳回' || h.action === '退回' || h.action === '核查问题' ? 'red' : 'green',
            content: (
              <div data-testid="detail-history-item">
                <Text strong>{h.stepName}</Text> · {h.action}{h.action === '退回' || h.action === '核查问题' ? ` 到“${meta.steps[h.toStep - 1]?.name}”` : ''} · {h.displayName}（{h.role}）· {formatDateTime(h.at)}
                {h.onBehalf && <div><Tag color="purple">代录纸质签批</Tag>签署人 {h.signerName}，{h.signedOn}{h.scanFile && <> · <FileLink requestId={r.id} fileId={h.scanFile.id} name={h.scanFile.name} /></>}</div>}
                {h.opinion && <div>意见：{h.opinion}</div>}
              </div>
            ),
          }))} />
      </Card>
      {printing && <PrintView r={r} onClose={() => setPrinting(false)} />}
    </div>
  );
}

/** Why a request stopped or came back: rejected (已驳回), withdrawn (已撤回) or returned (已退回) — with the reason. */
function Outcome({ r, meta }: { r: ExpenseDetail; meta: ExpenseMeta }) {
  const last = r.history.at(-1);
  if (!last) return null;
  const who = last.onBehalf ? `${last.signerName}（代录）` : last.displayName;
  let title: string | null = null;
  if (r.status === '已驳回' && last.action === '驳回') title = `已驳回：在“${last.stepName}”环节由 ${who} 驳回`;
  else if (r.status === '已撤回' && last.action === '撤回') title = `已撤回：经办人 ${who} 撤回，占用的预算已释放`;
  else if (r.status === '审批中' && (last.action === '退回' || last.action === '核查问题')) title = `已退回：${who} 在“${last.stepName}”环节退回到“${meta.steps[last.toStep - 1]?.name ?? ''}”`;
  if (!title) return null;
  return (
    <Alert type={r.status === '已驳回' ? 'error' : 'warning'} showIcon style={{ marginBottom: 12 }} data-testid="detail-outcome"
      title={title} description={last.opinion ? <span data-testid="detail-outcome-reason">原因：{last.opinion}</span> : undefined} />
  );
}

function FileLink({ requestId, fileId, name }: { requestId: number; fileId: number; name: string }) {
  const { message } = AntApp.useApp();
  return (
    <a onClick={async () => {
      try {
        const f = await api.invoke('expense.file', { id: requestId, fileId });
        const saved = await api.os.saveExport(f, { title: '保存附件' });
        if (saved) message.success(`已保存：${saved}`);
      } catch (e) {
        message.error(ApiCallError.from(e).message);
      }
    }}>{name}</a>
  );
}

function ActionBar({ r, meta, onDone }: { r: ExpenseDetail; meta: ExpenseMeta; onDone: () => void }) {
  const { message } = AntApp.useApp();
  const a = r.actions;
  const [opinion, setOpinion] = useState('');
  const [returnTo, setReturnTo] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [behalf, setBehalf] = useState(false);
  const [signer, setSigner] = useState('');
  const [signedOn, setSignedOn] = useState(todayText());
  const [scan, setScan] = useState<{ id: string; name: string } | null>(null);
  const [paidOn, setPaidOn] = useState(todayText());
  const [bankRef, setBankRef] = useState('');
  const [payAmount, setPayAmount] = useState(formatFen(r.amountFen).replace(/,/g, ''));
  const [setId, setSetId] = useState<number | null>(meta.ledgerSets[0]?.id ?? null);
  const any = a.submit || a.withdraw || a.approve || a.pay || a.post || a.verify || a.returnTo.length > 0 || a.reject || a.onBehalf;

  async function run(label: string, fn: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await fn();
      message.success(`${label}成功`);
      setOpinion('');
      setReturnTo(null);
      onDone();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  const onBehalf = behalf ? { signerName: signer, signedOn, scanUploadId: scan?.id ?? '' } : null;
  const act = (action: '通过' | '退回' | '驳回') =>
    run(action, () => api.invoke('expense.act', { id: r.id, step: r.step, action, returnTo: action === '退回' ? returnTo : null, opinion: opinion || null, onBehalf }));

  if (!any) {
    return a.reason ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={a.reason} data-testid="detail-no-action" /> : null;
  }
  const amountFen = (() => {
    const p = tryParseFen(payAmount);
    return p.ok ? p.fen : 0;
  })();
  return (
    <Card size="small" style={{ marginBottom: 12, borderColor: '#91caff' }} title={`当前环节：${r.status === '审批中' ? r.stepName : r.status}`} data-testid="detail-actions">
      {error && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={<span data-testid="detail-action-error">{error}</span>} />}
      {a.reason && <Alert type="info" style={{ marginBottom: 8 }} title={a.reason} />}
      <Flex vertical gap={8}>
        <Input.TextArea rows={2} placeholder="意见（退回、驳回、核查问题须填写原因）" value={opinion} onChange={(e) => setOpinion(e.target.value)} data-testid="action-opinion" />
        {a.pay && (
          <Flex gap={8} wrap data-testid="action-pay-form">
            <span>付款日期 <Input style={{ width: 120 }} value={paidOn} onChange={(e) => setPaidOn(e.target.value)} data-testid="pay-date" /></span>
            <span>方式 <Tag>{r.payMethod}</Tag></span>
            {r.payMethod !== '现金' && <span>银行流水号 <Input style={{ width: 180 }} value={bankRef} onChange={(e) => setBankRef(e.target.value)} data-testid="pay-ref" /></span>}
            <span>金额 <Input style={{ width: 130, textAlign: 'right' }} value={payAmount} onChange={(e) => setPayAmount(e.target.value)} data-testid="pay-amount" /></span>
          </Flex>
        )}
        {a.post && (
          <Flex gap={8} align="center">
            <span>账套</span>
            <Select style={{ width: 220 }} value={setId} onChange={setSetId} options={meta.ledgerSets.map((s) => ({ value: s.id, label: s.name }))} data-testid="post-set" />
            <Text type="secondary">借 {r.lines.map((l) => `${l.subjectCode} ${l.subjectName}`).join('、')}，贷 {r.payment?.fromAccount === '101' ? '101 库存现金' : '102 银行存款'}</Text>
          </Flex>
        )}
        {a.onBehalf && (
          <div>
            <label><input type="checkbox" checked={behalf} onChange={(e) => setBehalf(e.target.checked)} data-testid="action-behalf" /> 代录纸质签批（签署人、日期、扫描件）</label>
            {behalf && (
              <Flex gap={8} style={{ marginTop: 6 }} wrap>
                <Input style={{ width: 160 }} placeholder="签署人姓名" value={signer} onChange={(e) => setSigner(e.target.value)} data-testid="behalf-signer" />
                <Input style={{ width: 130 }} value={signedOn} onChange={(e) => setSignedOn(e.target.value)} data-testid="behalf-date" />
                <Button onClick={async () => {
                  const files = await api.os.openFiles({ title: '选择签批单扫描件', multiple: false, filters: [{ name: '扫描件', extensions: ['pdf', 'jpg', 'jpeg', 'png'] }] });
                  if (files[0]) setScan({ id: files[0].id, name: files[0].name });
                }} data-testid="behalf-scan">{scan ? scan.name : '选择扫描件'}</Button>
              </Flex>
            )}
          </div>
        )}
        <Flex gap={8} wrap>
          {a.submit && <Button type="primary" loading={busy} onClick={() => run('提交', () => api.invoke('expense.submit', { id: r.id, opinion: opinion || null }))} data-testid="action-submit">提交审批</Button>}
          {(a.approve || (behalf && a.onBehalf && r.step < 5)) && <Button type="primary" loading={busy} onClick={() => act('通过')} data-testid="action-approve">通过</Button>}
          {a.pay && <Button type="primary" loading={busy} onClick={() => run('付款', () => api.invoke('expense.pay', { id: r.id, paidOn, method: r.payMethod as PayMethod, bankRef: bankRef || null, amountFen, opinion: opinion || null }))} data-testid="action-pay">登记付款</Button>}
          {a.post && <Button type="primary" loading={busy} onClick={() => run('记账', () => api.invoke('expense.post', { id: r.id, setId, opinion: opinion || null }))} data-testid="action-post">生成记账凭证</Button>}
          {a.verify && <Button type="primary" loading={busy} onClick={() => run('核查', () => api.invoke('expense.verify', { id: r.id, action: '核查通过', opinion: opinion || null }))} data-testid="action-verify">核查通过</Button>}
          {a.returnTo.length > 0 && (
            <Space.Compact>
              <Select style={{ width: 190 }} placeholder="退回到…" value={returnTo} onChange={setReturnTo} options={a.returnTo.map((s) => ({ value: s, label: meta.steps[s - 1].name }))} data-testid="action-return-to" />
              <Button danger loading={busy} disabled={!returnTo} onClick={() => (r.step === 7 ? run('提出问题', () => api.invoke('expense.verify', { id: r.id, action: '核查问题', returnTo, opinion: opinion || null, onBehalf })) : act('退回'))} data-testid="action-return">{r.step === 7 ? '核查问题退回' : '退回'}</Button>
            </Space.Compact>
          )}
          {a.reject && <Button danger loading={busy} onClick={() => act('驳回')} data-testid="action-reject">驳回</Button>}
          {a.withdraw && <Button loading={busy} onClick={() => run('撤回', () => api.invoke('expense.withdraw', { id: r.id, reason: opinion || '' }))} data-testid="action-withdraw">撤回</Button>}
        </Flex>
      </Flex>
    </Card>
  );
}

const PRINT_CSS = `
@media print {
  body * { visibility: hidden !important; }
  .expense-print, .expense-print * { visibility: visible !important; }
  .expense-print { position: fixed; left: 0; top: 0; width: 100%; padding: 8mm; }
}
.expense-print table { width: 100%; border-collapse: collapse; font-family: 宋体, SimSun, serif; }
.expense-print th, .expense-print td { border: 1px solid #333; padding: 6px 8px; font-size: 13px; }
.expense-print th { width: 130px; font-weight: 600; }
`;

function PrintView({ r, onClose }: { r: ExpenseDetail; onClose: () => void }) {
  const { message } = AntApp.useApp();
  async function print() {
    try {
      const saved = await api.os.printToPDF({ defaultName: `支出审批单_${r.number}.pdf` });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  return (
    <Modal open width={860} title="打印预览" onCancel={onClose} footer={<Space><Button onClick={onClose}>关闭</Button><Button type="primary" icon={<PrinterOutlined />} onClick={print} data-testid="print-go">打印 / 存为 PDF</Button></Space>}>
      <style>{PRINT_CSS}</style>
      <div className="expense-print" data-testid="expense-print-view">
        <div style={{ textAlign: 'center', fontSize: 22, fontWeight: 700, letterSpacing: 6, fontFamily: '宋体, SimSun, serif' }}>支出审批单</div>
        <Flex justify="space-between" style={{ margin: '8px 0', fontSize: 13 }}><span>编号：{r.number}</span><span>申请日期：{r.applyDate}</span></Flex>
        <table>
          <tbody>
            <tr><th>部门</th><td>{r.unitName}</td><th>经办人</th><td>{r.applicantName}</td></tr>
            <tr><th>支出类型</th><td>{r.kind}{r.sangong ? `（三公：${r.sangong}）` : ''}</td><th>支付方式</th><td>{r.payMethod}</td></tr>
            <tr><th>事由</th><td colSpan={3}>{r.purpose}</td></tr>
            <tr><th>收款人</th><td colSpan={3}>{r.payeeName} {r.payeeBank ?? ''} {r.payeeAccount ?? ''}</td></tr>
            <tr><th>金额（小写）</th><td>￥{formatFen(r.amountFen)}</td><th>金额（大写）</th><td data-testid="print-upper">{r.amountUpper}</td></tr>
            <tr><th>预算科目</th><td colSpan={3}>{r.lines.map((l) => `${l.subjectCode} ${l.subjectName}${l.projectName ? `（${l.projectName}）` : ''} ${l.fundSource} ${formatFen(l.amountFen)}`).join('；')}</td></tr>
            <tr><th>发票</th><td colSpan={3}>{r.invoices.length} 张，合计 {formatFen(r.invoices.reduce((s, i) => s + i.amountFen, 0))} 元；附件 {r.attachments.length} 个</td></tr>
            {r.steps.map((s) => (
              <tr key={s.step} data-testid={`print-step-${s.step}`}>
                <th>{s.name}</th>
                <td colSpan={3}>
                  {s.signer ? `${s.signer}　${s.signedAt ? (s.signedAt.length > 10 ? formatDateTime(s.signedAt) : s.signedAt) : ''}　${s.opinion ?? ''}` : ''}
                </td>
              </tr>
            ))}
            {r.voucher && <tr><th>记账凭证</th><td colSpan={3}>{r.voucher.label}（{r.voucher.status}）</td></tr>}
          </tbody>
        </table>
      </div>
    </Modal>
  );
}
