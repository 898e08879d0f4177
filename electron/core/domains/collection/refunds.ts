// Refunds (返还) to grassroots unions: what is due per union (its share of posted receipts not yet
// listed), transfer lists exported to Excel for the bank, the transfer result (paid → payment voucher
// 借 21202 / 贷 102 through createVoucher; failed → reason), and reissue of a failed transfer (possibly
// to a corrected account) as a new refund that points to the failed one.
import { sql } from 'kysely';
import { withTx, type Executor } from '../../db/tx';
import { conflict, invalid, notFound } from '../../errors';
import { writeAudit, type Actor } from '../audit/log';
import { createVoucher } from '../ledger/vouchers';
import { describeVoucher, loadSet } from '../ledger/common';
import { COLLECTION_CLERKS, REFUND_PAYERS, type RefundDueRow, type RefundRow } from '../../../../shared/contract/collection';
import type { Page } from '../../../../shared/contract/audit';
import type { RefundStatus } from '../../../../shared/collection/split';
import { ExcelJS, TableWriter, printSetup } from '../../reports/excel';
import { MODULE, assertRole, yuan } from './common';

export async function refundsDue(db: Executor, year?: number): Promise<RefundDueRow[]> {
  const yearCond = year ? sql`and r.period between ${`${year}-01`} and ${`${year}-12`}` : sql``;
  const rows = await sql<{
    unit_id: number; name: string; union_status: string | null; bank_name: string | null; bank_account: string | null; n: number; fen: number; unposted: number;
  }>`
    select u.id as unit_id, u.name, u.union_status, u.bank_name, u.bank_account, count(*) as n, sum(r.refund_due_fen) as fen,
      sum(case when r.voucher_id is null then 1 else 0 end) as unposted
    from collection_record r join unit u on u.id = r.unit_id
    where r.refund_id is null and r.refund_due_fen > 0 ${yearCond}
    group by u.id order by u.code`.execute(db);
  return rows.rows.map((r) => ({
    unitId: r.unit_id, unitName: r.name, unionStatus: r.union_status, bankName: r.bank_name, bankAccount: r.bank_account,
    records: Number(r.n), amountFen: Number(r.fen), unposted: Number(r.unposted),
    problem: r.union_status !== '已建会' ? '尚未建会，不能返还'
      : !r.bank_account || !r.bank_name ? '单位名录中缺少开户银行或银行账号'
      : Number(r.unposted) > 0 ? `${r.unposted} 笔收缴记录尚未记账` : null,
  }));
}

async function refundRows(db: Executor, where: (q: any) => any, page?: { page: number; pageSize: number }): Promise<{ rows: RefundRow[]; total: number }> {
  let q = db.selectFrom('collection_refund as f').innerJoin('unit as u', 'u.id', 'f.unit_id').leftJoin('ledger_voucher as v', 'v.id', 'f.voucher_id');
  q = where(q);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let sel = q.select([
    'f.id', 'f.list_no', 'f.unit_id', 'u.name as unit_name', 'f.amount_fen', 'f.bank_name', 'f.bank_account', 'f.status', 'f.created_on', 'f.paid_on',
    'f.failed_reason', 'f.reissue_of', 'f.voucher_id', 'v.year as v_year', 'v.month as v_month', 'v.number as v_number',
    (eb) => eb.selectFrom('collection_record as r').select((e2) => e2.fn.countAll<number>().as('c')).whereRef('r.refund_id', '=', 'f.id').as('records'),
  ]).orderBy('f.list_no', 'desc').orderBy('u.code').orderBy('f.id');
  if (page) sel = sel.limit(page.pageSize).offset((page.page - 1) * page.pageSize);
  const rows = await sel.execute();
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id, listNo: r.list_no, unitId: r.unit_id, unitName: r.unit_name, amountFen: r.amount_fen, bankName: r.bank_name, bankAccount: r.bank_account,
      status: r.status as RefundStatus, createdOn: r.created_on, paidOn: r.paid_on, failedReason: r.failed_reason, reissueOf: r.reissue_of,
      voucherId: r.voucher_id, voucherLabel: r.voucher_id && r.v_year ? describeVoucher({ year: r.v_year, month: r.v_month!, number: r.v_number! }) : null,
      records: Number(r.records ?? 0),
    })),
  };
}

export async function listRefunds(db: Executor, f: { listNo?: string; status?: string; page: number; pageSize: number }): Promise<Page<RefundRow>> {
  const r = await refundRows(db, (q) => {
    if (f.listNo) q = q.where('f.list_no', '=', f.listNo);
    if (f.status) q = q.where('f.status', '=', f.status);
    return q;
  }, f);
  return { ...r, page: f.page, pageSize: f.pageSize };
}

async function loadRefund(db: Executor, id: number): Promise<RefundRow> {
  const r = await refundRows(db, (q) => q.where('f.id', '=', id));
  if (!r.rows.length) throw notFound('返还记录');
  return r.rows[0];
}

async function nextListNo(db: Executor, date: string): Promise<string> {
  const prefix = `FH${date.replace(/-/g, '')}-`;
  const last = await db.selectFrom('collection_refund').select('list_no').where('list_no', 'like', `${prefix}%`).orderBy('list_no', 'desc').limit(1).executeTakeFirst();
  const n = last ? Number(last.list_no.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(3, '0')}`;
}

export async function createRefunds(db: Executor, actor: Actor, now: Date, input: { unitIds: number[]; date: string; year?: number }): Promise<{ listNo: string; refunds: RefundRow[] }> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '生成返还转账清单');
    const due = new Map((await refundsDue(trx, input.year)).map((d) => [d.unitId, d]));
    const problems: Array<{ path: string; message: string }> = [];
    for (const id of input.unitIds) {
      const d = due.get(id);
      if (!d) problems.push({ path: `unitIds.${id}`, message: `单位（编号 ${id}）没有待返还的经费` });
      else if (d.problem) problems.push({ path: `unitIds.${id}`, message: `${d.unitName}：${d.problem}` });
    }
    if (problems.length) throw invalid(`不能生成转账清单：${problems.map((p) => p.message).join('；')}`, problems);
    const listNo = await nextListNo(trx, input.date);
    const at = now.toISOString();
    const yearCond = input.year ? (q: any) => q.where('period', '>=', `${input.year}-01`).where('period', '<=', `${input.year}-12`) : (q: any) => q;
    for (const id of input.unitIds) {
      const d = due.get(id)!;
      const f = await trx.insertInto('collection_refund').values({
        unit_id: id, amount_fen: d.amountFen, bank_name: d.bankName, bank_account: d.bankAccount, status: '待转账', list_no: listNo,
        created_on: input.date, created_at: at, created_by: actor.userId, updated_at: at,
      }).returning('id').executeTakeFirstOrThrow();
      await yearCond(trx.updateTable('collection_record').set({ refund_id: f.id }).where('unit_id', '=', id).where('refund_id', 'is', null).where('refund_due_fen', '>', 0)).execute();
    }
    const total = input.unitIds.reduce((a, id) => a + due.get(id)!.amountFen, 0);
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '生成返还转账清单', targetType: '返还清单', targetId: listNo,
      summary: `转账清单 ${listNo}：${input.unitIds.length} 个基层工会，合计 ${yuan(total)}`,
    });
    return { listNo, refunds: (await refundRows(trx, (q) => q.where('f.list_no', '=', listNo))).rows };
  });
}

export async function markRefund(
  db: Executor, actor: Actor, now: Date, input: { id: number; result: '已转账' | '转账失败'; date: string; setId?: number; reason?: string },
): Promise<RefundRow> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, REFUND_PAYERS, '登记返还转账结果');
    const f = await trx.selectFrom('collection_refund').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!f) throw notFound('返还记录');
    if (f.status !== '待转账') throw conflict(`该返还已是“${f.status}”，不能再登记转账结果。`);
    const u = await trx.selectFrom('unit').select('name').where('id', '=', f.unit_id).executeTakeFirstOrThrow();
    const at = now.toISOString();
    if (input.result === '转账失败') {
      if (!input.reason?.trim()) throw invalid('请填写转账失败的原因。', [{ path: 'reason', message: '请填写原因' }]);
      await trx.updateTable('collection_refund').set({ status: '转账失败', failed_reason: input.reason.trim(), updated_at: at }).where('id', '=', f.id).execute();
      await writeAudit(trx, now, actor, {
        module: MODULE, action: '返还转账失败', targetType: '返还', targetId: f.id, summary: `“${u.name}”返还 ${yuan(f.amount_fen)} 转账失败：${input.reason.trim()}`,
      });
    } else {
      if (!input.setId) throw invalid('请选择记账的账套。', [{ path: 'setId', message: '请选择账套' }]);
      await loadSet(trx, input.setId);
      const v = await createVoucher(trx, actor, now, {
        setId: input.setId, date: input.date, summary: `返还“${u.name}”工会经费`,
        lines: [
          { accountCode: '21202', debit: f.amount_fen, unitId: f.unit_id },
          { accountCode: '102', credit: f.amount_fen },
        ],
        source: { module: 'collection', type: '返还', id: f.id },
      });
      await trx.updateTable('collection_refund').set({ status: '已转账', paid_on: input.date, voucher_id: v.id, updated_at: at }).where('id', '=', f.id).execute();
      await writeAudit(trx, now, actor, {
        module: MODULE, action: '返还已转账', targetType: '返还', targetId: f.id, summary: `“${u.name}”返还 ${yuan(f.amount_fen)} 已转账，${describeVoucher(v)}`,
      });
    }
    return loadRefund(trx, f.id);
  });
}

export async function reissueRefund(
  db: Executor, actor: Actor, now: Date, input: { id: number; date: string; bankName?: string | null; bankAccount?: string | null },
): Promise<RefundRow> {
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '重新发起返还');
    const f = await trx.selectFrom('collection_refund').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!f) throw notFound('返还记录');
    if (f.status !== '转账失败') throw conflict(`只有“转账失败”的返还可以重新发起，该返还是“${f.status}”。`);
    const bankName = input.bankName?.trim() || f.bank_name;
    const bankAccount = input.bankAccount?.trim() || f.bank_account;
    const at = now.toISOString();
    const listNo = await nextListNo(trx, input.date);
    const n = await trx.insertInto('collection_refund').values({
      unit_id: f.unit_id, amount_fen: f.amount_fen, bank_name: bankName, bank_account: bankAccount, status: '待转账', list_no: listNo,
      created_on: input.date, reissue_of: f.id, created_at: at, created_by: actor.userId, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('collection_refund').set({ status: '已重发', updated_at: at }).where('id', '=', f.id).execute();
    await trx.updateTable('collection_record').set({ refund_id: n.id }).where('refund_id', '=', f.id).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '重新发起返还', targetType: '返还', targetId: n.id,
      summary: `返还（编号 ${f.id}）转账失败后重发，清单 ${listNo}${bankAccount !== f.bank_account ? `，账号更正为 ${bankAccount}` : ''}`,
      before: { bankName: f.bank_name, bankAccount: f.bank_account }, after: { bankName, bankAccount },
    });
    return loadRefund(trx, n.id);
  });
}

export async function writeTransferList(db: Executor, listNo: string, file: string): Promise<void> {
  const { rows } = await refundRows(db, (q) => q.where('f.list_no', '=', listNo));
  if (!rows.length) throw notFound(`转账清单 ${listNo}`);
  const org = await db.selectFrom('unit').select('name').where('kind', '=', '总工会').orderBy('id').limit(1).executeTakeFirst();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('返还转账清单');
  printSetup(ws, true);
  const t = new TableWriter(ws, {
    sheetName: '返还转账清单', title: '工会经费返还转账清单', orgName: org?.name ?? '', period: `清单号：${listNo}　日期：${rows[0].createdOn}`,
    columns: [
      { header: '序号', key: 'seq', kind: 'int', width: 6 },
      { header: '收款单位', key: 'unit', width: 32 },
      { header: '开户银行', key: 'bank', width: 26 },
      { header: '银行账号', key: 'account', width: 24 },
      { header: '金额', key: 'amount', kind: 'amount' },
      { header: '用途', key: 'purpose', width: 18 },
      { header: '状态', key: 'status', width: 10 },
      { header: '备注', key: 'note', width: 20 },
    ],
  });
  const headerRow = t.currentRow;
  rows.forEach((r, i) => t.row({
    seq: i + 1, unit: r.unitName, bank: r.bankName ?? '', account: r.bankAccount ?? '', amount: r.amountFen, purpose: '返还工会经费', status: r.status,
    note: r.reissueOf ? `重发（原返还编号 ${r.reissueOf}）` : r.failedReason ?? '',
  }));
  t.totalRow('合计', 'unit');
  t.signatures(['制单', '复核', '财务负责人', '日期']);
  ws.views = [{ state: 'frozen', ySplit: headerRow }];
  await wb.xlsx.writeFile(file);
}
