// 年末应收下级经费 (domain.md §4.4: 借 132 / 贷 402, 211): the per-union list for a year — due but not
// collected from the reconciliation, less the union's own share — where the clerk may replace an amount by
// the one declared on the lower union's 经费收缴报告表, then posts ONE accrual voucher. Already accrued
// unions show their voucher and what next year's receipts have cleared; the accountant corrects a posted
// accrual (补充凭证 for the difference) and the corrections are listed on the row.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Flex, Input, InputNumber, Modal, Popover, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError } from '../../components/page';
import { ACCRUAL_BASES, ACCRUAL_CORRECTORS, type AccrualBasis, type AccrualDraftRow } from '../../../../shared/contract/collection';
import { formatFen, parseFen } from '../../../../shared/money';
import { beijingDate } from '../../../../shared/dates';
import { hasAnyRole, useSession } from '../../session';
import { Dash, Fen, SetSelect, useCan } from './common';

const { Text } = Typography;

interface Edit { amount: string; basis: AccrualBasis; reportNo: string }

export function AccrualCard({ year }: { year: number }) {
  const { message } = AntApp.useApp();
  const can = useCan();
  const { user } = useSession();
  const canCorrect = hasAnyRole(user, ACCRUAL_CORRECTORS);
  const [correcting, setCorrecting] = useState<AccrualDraftRow | null>(null);
  const draft = useApi('collection.accrual.draft', { year });
  const [selected, setSelected] = useState<number[]>([]);
  const [edits, setEdits] = useState<Record<number, Edit>>({});
  const [setId, setSetId] = useState<number | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [posting, setPosting] = useState(false);
  const rows = draft.data ?? [];
  const editOf = (r: AccrualDraftRow): Edit => edits[r.unitId] ?? { amount: (r.suggestedFen / 100).toFixed(2), basis: '对账', reportNo: '' };
  const setEdit = (r: AccrualDraftRow, patch: Partial<Edit>) => setEdits((e) => ({ ...e, [r.unitId]: { ...editOf(r), ...patch } }));
  const postDate = date ?? `${year}-12-31`;

  async function post() {
    setErr(null);
    const items = [];
    for (const id of selected) {
      const r = rows.find((x) => x.unitId === id);
      if (!r || r.accrual) continue;
      const e = editOf(r);
      let fen = 0;
      try { fen = parseFen(e.amount); } catch { fen = 0; }
      if (fen <= 0) { setErr(`“${r.unitName}”的计提金额无效`); return; }
      items.push({ unitId: id, amountFen: fen, basis: e.basis, reportNo: e.reportNo.trim() || null });
    }
    if (!setId) { setErr('请选择记账账套'); return; }
    setPosting(true);
    try {
      const res = await api.invoke('collection.accrual.post', { setId, year, date: postDate, items });
      message.success(`已生成${res.voucherLabel}：${res.unions} 个基层工会，应收下级经费 ${formatFen(res.amountFen)} 元`);
      setSelected([]);
      draft.reload();
    } catch (e) {
      setErr(ApiCallError.from(e).message);
    } finally {
      setPosting(false);
    }
  }

  const columns: TableColumnsType<AccrualDraftRow> = [
    { title: '基层工会', dataIndex: 'unitName', width: 200, ellipsis: true },
    { title: '全年应缴', dataIndex: 'dueFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '已缴', dataIndex: 'paidFen', width: 110, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '应缴未缴', dataIndex: 'owedFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '应收（扣基层留成）', dataIndex: 'suggestedFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    {
      title: '依据', width: 130, render: (_: unknown, r) => r.accrual ? r.accrual.basis : (
        <Select size="small" style={{ width: 116 }} value={editOf(r).basis} disabled={!can.write} onChange={(v) => setEdit(r, { basis: v })}
          options={ACCRUAL_BASES.map((b) => ({ value: b, label: b }))} data-testid="collection-accrual-basis" />
      ),
    },
    {
      title: '报告表编号', width: 150, render: (_: unknown, r) => r.accrual ? (r.accrual.reportNo ?? <Dash />) : editOf(r).basis === '收缴报告表' ? (
        <Input size="small" value={editOf(r).reportNo} disabled={!can.write} onChange={(e) => setEdit(r, { reportNo: e.target.value })} data-testid="collection-accrual-report" />
      ) : <Dash />,
    },
    {
      title: '计提金额（元）', width: 150, align: 'right', render: (_: unknown, r) => r.accrual ? <Fen v={r.accrual.amountFen} testId="collection-accrual-amount" /> : (
        <InputNumber<string> size="small" stringMode min="0.01" precision={2} style={{ width: 130 }} value={editOf(r).amount} disabled={!can.write}
          onChange={(v) => setEdit(r, { amount: v ?? '' })} data-testid="collection-accrual-input" />
      ),
    },
    { title: '计提凭证', width: 130, render: (_: unknown, r) => r.accrual ? <span data-testid="collection-accrual-voucher">{r.accrual.voucherLabel}</span> : <Text type="secondary">未计提</Text> },
    { title: '次年已收回', width: 120, align: 'right', render: (_: unknown, r) => r.accrual ? <Fen v={r.accrual.clearedFen} /> : <Dash /> },
    {
      title: '更正', width: 150, render: (_: unknown, r) => {
        if (!r.accrual) return <Dash />;
        const list = r.accrual.corrections;
        return (
          <Flex gap={6} align="center">
            {list.length > 0 && (
              <Popover title="计提更正记录" content={
                <div data-testid="collection-accrual-history">
                  {list.map((x) => (
                    <div key={x.id} style={{ marginBottom: 4 }}>
                      {x.correctedOn}：{formatFen(x.beforeAmountFen)} → {formatFen(x.amountFen)} 元，{x.voucherLabel}，{x.byName ?? '—'}；{x.reason}
                    </div>
                  ))}
                </div>
              }>
                <Tag color="orange" data-testid="collection-accrual-corrected">已更正 {list.length} 次</Tag>
              </Popover>
            )}
            {canCorrect && <Button size="small" onClick={() => setCorrecting(r)} data-testid="collection-accrual-correct">更正</Button>}
          </Flex>
        );
      },
    },
  ];

  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="collection-accrual-card"
      title={`${year} 年末应收下级经费（借 132 应收下级经费 / 贷 402 拨缴经费收入、211 应付上级经费）`}
      extra={can.write && (
        <Flex gap={8} align="center">
          <SetSelect value={setId} onChange={setSetId} testId="collection-accrual-set" />
          <DatePicker allowClear={false} value={dayjs(postDate)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} data-testid="collection-accrual-date" />
          <Button type="primary" loading={posting} disabled={!selected.length} onClick={() => void post()} data-testid="collection-accrual-post">生成计提凭证</Button>
        </Flex>
      )}>
      <Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
        按对账结果（全年应缴 − 已缴，扣除基层工会留成）列出，也可改为下级工会经费收缴报告表的申报数；勾选后生成一张计提凭证，按年末生效的分成规则拆分县级留成与应上解部分。每个基层工会每年只能计提一次，数额有误时由会计“更正”（差额填制补充凭证，保留更正记录）；次年收到该年经费时冲减 132，不再重复确认收入。
      </Text>
      {draft.error && <LoadError testId="collection-accrual-error" title="无法读取年末应收清单" error={draft.error} onRetry={draft.reload} />}
      <Table<AccrualDraftRow> size="small" rowKey="unitId" loading={draft.loading} columns={columns} dataSource={rows} scroll={{ x: 1400 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: '没有应缴未缴的基层工会' }}
        rowSelection={can.write ? {
          selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]),
          getCheckboxProps: (r) => ({ disabled: !!r.accrual || r.suggestedFen <= 0 && !edits[r.unitId] }),
        } : undefined}
        onRow={(r) => ({ 'data-testid': 'collection-accrual-row', 'data-unit': r.unitName }) as HTMLAttributes<HTMLElement>} />
      {err && <Alert type="error" showIcon title={err} style={{ marginTop: 8 }} data-testid="collection-accrual-err" />}
      {correcting?.accrual && (
        <CorrectModal row={correcting} year={year} onClose={() => setCorrecting(null)} onDone={(label) => { setCorrecting(null); message.success(label); draft.reload(); }} />
      )}
    </Card>
  );
}

/** 更正计提: the right amount, the voucher date and the reason; the core makes the 补充凭证 for the difference. */
function CorrectModal({ row, year, onClose, onDone }: { row: AccrualDraftRow; year: number; onClose: () => void; onDone: (message: string) => void }) {
  const a = row.accrual!;
  const [amount, setAmount] = useState<string>((a.amountFen / 100).toFixed(2));
  // Corrections are usually made while the accrual's year is still open (决算): its last day, or today if earlier.
  const today = beijingDate(new Date());
  const [date, setDate] = useState(today < `${year}-12-31` ? today : `${year}-12-31`);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function go() {
    setError(null);
    let fen = 0;
    try { fen = parseFen(amount); } catch { fen = 0; }
    if (fen <= 0) { setError('请填写更正后的计提金额'); return; }
    setBusy(true);
    try {
      const r = await api.invoke('collection.accrual.correct', { accrualId: a.id, amountFen: fen, date, reason: reason.trim() });
      const last = r.corrections[r.corrections.length - 1];
      onDone(`已更正“${row.unitName}”的计提：${formatFen(last.beforeAmountFen)} → ${formatFen(last.amountFen)} 元，生成补充凭证${last.voucherLabel}（待审核、记账）`);
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={`更正计提：${row.unitName}`} onCancel={onClose}
      footer={[<Button key="c" onClick={onClose}>取消</Button>, <Button key="ok" type="primary" loading={busy} onClick={() => void go()} data-testid="collection-correct-ok">生成补充凭证</Button>]}>
      <div data-testid="collection-correct-dialog">
        <Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
          已记账的计提凭证{a.voucherLabel}不作修改：按更正后的金额与现计提金额 {formatFen(a.amountFen)} 元的差额填制补充凭证（增加：借 132 / 贷 402、211；减少：借 402、211 / 贷 132），
          按原分成规则拆分。已由收款冲抵的 {formatFen(a.clearedFen)} 元不能更正掉。
        </Text>
        <Flex vertical gap={8}>
          <span>更正后的计提金额（元）：<InputNumber<string> stringMode min="0.01" precision={2} style={{ width: 160 }} value={amount} onChange={(v) => setAmount(v ?? '')} data-testid="collection-correct-amount" /></span>
          <span>凭证日期：<DatePicker allowClear={false} value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} data-testid="collection-correct-date" /></span>
          <Input.TextArea rows={2} placeholder="更正原因（必填），如：下级工会经费收缴报告表更正" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="collection-correct-reason" />
        </Flex>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="collection-correct-error" />}
      </div>
    </Modal>
  );
}
