// Year-end accrual of what lower unions owe (domain.md §4.4: 借 132 / 贷 402, 211) and its clearing by
// next year's receipts (借 102 / 贷 132), with hand-computed figures; Excel date cells typed in China keep
// their calendar day.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { call, callErr, userWithRoles } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { parseDate } from '../../electron/core/domains/collection/fileread';
import { ACC, CLERK, MAPPING, READ, collectionCounty, csv, line, type CountyCtx } from './collection-fixtures';
import type { AccrualDraftRow } from '../../shared/contract/collection';

let c: CountyCtx;
beforeEach(async () => {
  c = await collectionCounty();
  // 2% of payroll; grassroots 60%, county 25%, city 10%, province 4%, national 1%; 1% handling fee.
  await call(c.core, CLERK, 'collection.rules.save', {
    effectiveFrom: '2026-01-01', rateBp: 200, grassrootsBp: 6000, countyBp: 2500, cityBp: 1000, provinceBp: 400, nationalBp: 100, feeBp: 100, smallMicroRefundBp: 0, toleranceBp: 1000,
  });
});
afterEach(async () => c.core.close());

const upload = (name: string, bytes: Uint8Array) => c.core.env.files.putUpload(name, bytes).id;
const linesOf = (voucherId: number) =>
  c.core.db.selectFrom('ledger_voucher_line').select(['account_code', 'debit_fen', 'credit_fen', 'unit_id']).where('voucher_id', '=', voucherId).orderBy('id').execute();

describe('year-end accrual of amounts owed by lower unions', () => {
  it('lists due-but-not-collected per union, posts one 132/402/211 voucher, refuses a second, and next year\'s receipt clears 132', async () => {
    // 东岭建材's December 2026 (800 元) arrived before the accrual (imported, not yet posted); nothing else was collected.
    const p = await call(c.core, CLERK, 'collection.profiles.save', { name: '县税务局电子税票', target: '收缴', mapping: MAPPING });
    const early = await call(c.core, CLERK, 'collection.import.run', {
      uploadId: upload('十二月.csv', csv([line(1, c.e.short, '工会经费', '2026-12', 'D12', '40000.00', '800.00', '2026-12-28')])), target: '收缴', profileId: p.id, dryRun: false,
    });
    expect(early.status).toBe('imported');
    // 远山物流 (base 80,000 元/month): due 12 × 80,000 × 2% = 19,200 元 = 1,920,000 fen;
    // its own 60% stays with it, so it owes the higher levels 40% = 768,000 fen.
    const draft: AccrualDraftRow[] = await call(c.core, READ, 'collection.accrual.draft', { year: 2026 });
    const unpaid = draft.find((r) => r.unitId === c.e.unpaid.id)!;
    expect(unpaid).toMatchObject({ dueFen: 1_920_000, paidFen: 0, owedFen: 1_920_000, suggestedFen: 768_000, accrual: null });
    // 东岭 (base 40,000): due 960,000, paid 80,000, owed 880,000, 40% = 352,000.
    expect(draft.find((r) => r.unitId === c.e.short.id)).toMatchObject({ dueFen: 960_000, paidFen: 80_000, owedFen: 880_000, suggestedFen: 352_000 });
    // An employer without a union pays 筹备金 (215), never accrued as income.
    expect(draft.some((r) => r.unitId === c.e.noUnion.id)).toBe(false);

    // Only the collection clerks may post; the date must fall in the year.
    expect((await callErr(c.core, READ, 'collection.accrual.post', { setId: c.set.id, year: 2026, date: '2026-12-31', items: [{ unitId: c.e.unpaid.id, amountFen: 768_000, basis: '对账' }] })).code).toBe('FORBIDDEN');
    expect((await callErr(c.core, CLERK, 'collection.accrual.post', { setId: c.set.id, year: 2026, date: '2027-01-05', items: [{ unitId: c.e.unpaid.id, amountFen: 768_000, basis: '对账' }] })).message).toContain('不在 2026 年度内');
    expect((await callErr(c.core, CLERK, 'collection.accrual.post', { setId: c.set.id, year: 2026, date: '2026-12-31', items: [{ unitId: c.e.short.id, amountFen: 1000, basis: '收缴报告表' }] })).message).toContain('报告表编号');

    // 远山物流 from the reconciliation; 东岭建材 as declared on its 经费收缴报告表: 1,234.57 元.
    // 402 = A × 25% ÷ 40% rounded half up; 211 = the rest:
    //   768,000 → 480,000 + 288,000;   123,457 → 77,160.625 → 77,161 + 46,296.
    const r = await call(c.core, CLERK, 'collection.accrual.post', {
      setId: c.set.id, year: 2026, date: '2026-12-31',
      items: [
        { unitId: c.e.unpaid.id, amountFen: 768_000, basis: '对账' },
        { unitId: c.e.short.id, amountFen: 123_457, basis: '收缴报告表', reportNo: 'BG-2026-东岭' },
      ],
    });
    expect(r).toMatchObject({ unions: 2, amountFen: 891_457, countyFen: 557_161, upperFen: 334_296 });
    const sorted = [c.e.unpaid, c.e.short].sort((a, b) => a.id - b.id);
    const amount = (id: number) => (id === c.e.unpaid.id ? 768_000 : 123_457);
    expect(await linesOf(r.voucherId)).toEqual([
      ...sorted.map((e) => ({ account_code: '132', debit_fen: amount(e.id), credit_fen: 0, unit_id: e.id })),
      { account_code: '402', debit_fen: 0, credit_fen: 557_161, unit_id: null },
      { account_code: '211', debit_fen: 0, credit_fen: 334_296, unit_id: c.orgUnit },
    ]);
    const v = await c.core.db.selectFrom('ledger_voucher').selectAll().where('id', '=', r.voucherId).executeTakeFirstOrThrow();
    expect(v).toMatchObject({ date: '2026-12-31', debit_total_fen: 891_457 });
    const rows = await c.core.db.selectFrom('collection_accrual').selectAll().orderBy('unit_id').execute();
    expect(rows.map((a) => [a.unit_id, a.amount_fen, a.county_fen, a.upper_fen, a.voucher_id, a.basis])).toEqual(
      sorted.map((e) => (e.id === c.e.unpaid.id ? [e.id, 768_000, 480_000, 288_000, r.voucherId, '对账'] : [e.id, 123_457, 77_161, 46_296, r.voucherId, '收缴报告表'])),
    );

    // Idempotent: a second accrual for the same union and year is refused, nothing written.
    const again = await callErr(c.core, CLERK, 'collection.accrual.post', { setId: c.set.id, year: 2026, date: '2026-12-31', items: [{ unitId: c.e.unpaid.id, amountFen: 768_000, basis: '对账' }] });
    expect(again.message).toContain('已计提');
    expect(await c.core.db.selectFrom('collection_accrual').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 2 });
    const after = await call(c.core, CLERK, 'collection.accrual.draft', { year: 2026 });
    expect(after.find((x: AccrualDraftRow) => x.unitId === c.e.unpaid.id).accrual).toMatchObject({ amountFen: 768_000, clearedFen: 0, voucherId: r.voucherId });

    // The books move into 2027 (stands in for the ledger's year-end closing, tested in ledger-closing.test.ts).
    await c.core.db.updateTable('ledger_set').set({ current_year: 2027 }).where('id', '=', c.set.id).execute();

    // January 2027: 远山物流 pays November and December 2026 (1,600 元 each); 鑫达 pays January 2027 (2,000 元).
    const imp = await call(c.core, CLERK, 'collection.import.run', {
      uploadId: upload('一月.csv', csv([
        line(1, c.e.unpaid, '工会经费', '2026-11', 'Y11', '80000.00', '1600.00', '2027-01-10'),
        line(2, c.e.unpaid, '工会经费', '2026-12', 'Y12', '80000.00', '1600.00', '2027-01-10'),
        line(3, c.e.full, '工会经费', '2027-01', 'F01', '100000.00', '2000.00', '2027-01-15'),
      ])), target: '收缴', profileId: p.id, dryRun: false,
    });
    expect(imp.status).toBe('imported');
    const recs = await c.core.db.selectFrom('collection_record').selectAll().orderBy('id').execute();
    // 东岭's record was already counted as collected when the accrual was made: posted in 2027 it is an
    // ordinary receipt and does not touch its accrual (80,000: 基层 48,000; 402 20,000 − fee 800; 211 12,000).
    const dongling = recs.filter((x) => x.unit_id === c.e.short.id).map((x) => x.id);
    const post0 = await call(c.core, CLERK, 'collection.records.post', { setId: c.set.id, date: '2027-01-20', ids: dongling });
    expect(await linesOf(post0.voucherId)).toEqual([
      { account_code: '102', debit_fen: 79_200, credit_fen: 0, unit_id: null },
      { account_code: '402', debit_fen: 0, credit_fen: 19_200, unit_id: null },
      { account_code: '211', debit_fen: 0, credit_fen: 12_000, unit_id: c.orgUnit },
      { account_code: '21202', debit_fen: 0, credit_fen: 48_000, unit_id: c.e.short.id },
    ]);
    const yuanshan = recs.filter((x) => x.unit_id === c.e.unpaid.id).map((x) => x.id);

    // Each 160,000 record: 基层 96,000; 县 40,000 of which fee 1,600 (county_fen 38,400); 市省全总 24,000.
    // Both clear 132 for 40,000 + 24,000 = 64,000 → 128,000; the county's income was booked in 2026, so the
    // fee (3,200) now reduces 402 as a debit; 402/211 get nothing else. Bank: 320,000 − 3,200 = 316,800.
    const post = await call(c.core, CLERK, 'collection.records.post', { setId: c.set.id, date: '2027-01-20', ids: yuanshan });
    expect(await linesOf(post.voucherId)).toEqual([
      { account_code: '102', debit_fen: 316_800, credit_fen: 0, unit_id: null },
      { account_code: '402', debit_fen: 3_200, credit_fen: 0, unit_id: null },
      { account_code: '132', debit_fen: 0, credit_fen: 128_000, unit_id: c.e.unpaid.id },
      { account_code: '21202', debit_fen: 0, credit_fen: 192_000, unit_id: c.e.unpaid.id },
    ]);
    const clears = await c.core.db.selectFrom('collection_accrual_clear').selectAll().orderBy('id').execute();
    expect(clears.map((x) => [x.record_id, x.voucher_id, x.county_fen, x.upper_fen])).toEqual(yuanshan.map((id) => [id, post.voucherId, 40_000, 24_000]));
    const acc = await c.core.db.selectFrom('collection_accrual').selectAll().where('unit_id', '=', c.e.unpaid.id).executeTakeFirstOrThrow();
    expect([acc.cleared_county_fen, acc.cleared_upper_fen]).toEqual([80_000, 48_000]);

    // 鑫达's 2027 money has nothing accrued: the ordinary receipt (402 48,000 net of the 2,000 fee, 211 30,000).
    const post2 = await call(c.core, CLERK, 'collection.records.post', { setId: c.set.id, date: '2027-01-20', batchId: imp.batchId });
    expect(await linesOf(post2.voucherId)).toEqual([
      { account_code: '102', debit_fen: 198_000, credit_fen: 0, unit_id: null },
      { account_code: '402', debit_fen: 0, credit_fen: 48_000, unit_id: null },
      { account_code: '211', debit_fen: 0, credit_fen: 30_000, unit_id: c.orgUnit },
      { account_code: '21202', debit_fen: 0, credit_fen: 120_000, unit_id: c.e.full.id },
    ]);
    const final = await call(c.core, READ, 'collection.accrual.draft', { year: 2026 });
    expect(final.find((x: AccrualDraftRow) => x.unitId === c.e.unpaid.id).accrual).toMatchObject({ amountFen: 768_000, clearedFen: 128_000 });

    const audit = await c.core.db.selectFrom('audit_log').select(['action', 'summary']).where('action', '=', '年末计提应收下级经费').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].summary).toContain('8,914.57 元');
    expect((await verifyAuditLog(c.core.db)).ok).toBe(true);
  });
});

describe('correcting a posted year-end accrual', () => {
  it('the accountant corrects with a 补充凭证 for the difference (up and down), keeps each correction, never below what receipts cleared', async () => {
    const r = await call(c.core, CLERK, 'collection.accrual.post', { setId: c.set.id, year: 2026, date: '2026-12-31', items: [{ unitId: c.e.unpaid.id, amountFen: 768_000, basis: '对账' }] });
    const acc0 = await c.core.db.selectFrom('collection_accrual').selectAll().where('unit_id', '=', c.e.unpaid.id).executeTakeFirstOrThrow();
    const correct = (who: string, amountFen: number, reason = '经费收缴报告表更正') =>
      call(c.core, who, 'collection.accrual.correct', { accrualId: acc0.id, amountFen, date: '2026-12-31', reason });
    const refuse = (who: string, amountFen: number) =>
      callErr(c.core, who, 'collection.accrual.correct', { accrualId: acc0.id, amountFen, date: '2026-12-31', reason: '经费收缴报告表更正' });

    // A draft accrual voucher is posted first (three people), never edited.
    expect((await refuse(ACC, 800_000)).message).toContain('尚未记账');
    await userWithRoles(c.core, 'kj_wu', ['会计']);
    await call(c.core, 'kj_wu', 'ledger.vouchers.review', { id: r.voucherId });
    await call(c.core, ACC, 'ledger.vouchers.post', { id: r.voucherId });
    // Only the accountant corrects (the collection clerk may not make a 补充凭证).
    expect((await refuse(CLERK, 800_000)).code).toBe('FORBIDDEN');
    expect((await refuse(ACC, 768_000)).message).toContain('无需更正');

    // Up to 8,000.00 元: 402 = 800,000 × 25% ÷ 40% = 500,000, 211 = 300,000; the difference 32,000 = 20,000 + 12,000.
    const up = await correct(ACC, 800_000);
    expect(up).toMatchObject({ amountFen: 800_000, countyFen: 500_000, upperFen: 300_000 });
    const v1 = up.corrections[0].voucherId;
    expect(await linesOf(v1)).toEqual([
      { account_code: '132', debit_fen: 32_000, credit_fen: 0, unit_id: c.e.unpaid.id },
      { account_code: '402', debit_fen: 0, credit_fen: 20_000, unit_id: null },
      { account_code: '211', debit_fen: 0, credit_fen: 12_000, unit_id: c.orgUnit },
    ]);
    const sv = await c.core.db.selectFrom('ledger_voucher').selectAll().where('id', '=', v1).executeTakeFirstOrThrow();
    expect(sv).toMatchObject({ kind: '补充', supplements_voucher_id: r.voucherId, status: '草稿' });

    // Down to 7,000.00 元: 437,500 + 262,500; the difference on the opposite sides: 借 402 62,500, 211 37,500 / 贷 132 100,000.
    const down = await correct(ACC, 700_000, '下级工会报告表数字有误');
    expect(down).toMatchObject({ amountFen: 700_000, countyFen: 437_500, upperFen: 262_500 });
    expect(await linesOf(down.corrections[1].voucherId)).toEqual([
      { account_code: '402', debit_fen: 62_500, credit_fen: 0, unit_id: null },
      { account_code: '211', debit_fen: 37_500, credit_fen: 0, unit_id: c.orgUnit },
      { account_code: '132', debit_fen: 0, credit_fen: 100_000, unit_id: c.e.unpaid.id },
    ]);
    // Net over the three vouchers: 132 = 768,000 + 32,000 − 100,000 = the 700,000 now in force.
    const net = await c.core.db.selectFrom('ledger_voucher_line').select((eb) => eb.fn.sum<number>(eb('debit_fen', '-', eb.ref('credit_fen'))).as('n'))
      .where('voucher_id', 'in', [r.voucherId, v1, down.corrections[1].voucherId]).where('account_code', '=', '132').executeTakeFirstOrThrow();
    expect(Number(net.n)).toBe(700_000);
    // The history, oldest first, on the accrual list.
    const draft = await call(c.core, READ, 'collection.accrual.draft', { year: 2026 });
    expect(draft.find((x: AccrualDraftRow) => x.unitId === c.e.unpaid.id).accrual.corrections.map((x: { beforeAmountFen: number; amountFen: number; reason: string }) => [x.beforeAmountFen, x.amountFen, x.reason]))
      .toEqual([[768_000, 800_000, '经费收缴报告表更正'], [800_000, 700_000, '下级工会报告表数字有误']]);
    // Corrections are append-only.
    await expect(c.core.db.updateTable('collection_accrual_correction').set({ reason: 'x' }).execute()).rejects.toThrow('只能追加');

    // What receipts have cleared cannot be corrected away (cleared figures as records.post leaves them).
    await c.core.db.updateTable('collection_accrual').set({ cleared_county_fen: 400_000, cleared_upper_fen: 240_000 }).where('id', '=', acc0.id).execute();
    const below = await refuse(ACC, 600_000);
    expect(below.message).toContain('不能使任一部分低于已冲抵数');
    const audit = await c.core.db.selectFrom('audit_log').select(['summary']).where('action', '=', '更正年末计提').execute();
    expect(audit).toHaveLength(2);
    expect(audit[0].summary).toContain('7,680.00 元 → 8,000.00 元');
    expect((await verifyAuditLog(c.core.db)).ok).toBe(true);
  });
});

describe('Excel date cells', () => {
  it('a date typed in China stays the same calendar day, whatever the time zone of the machine', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      // Excel keeps a date as a serial with no time zone; 2026-11-12 is 46338 and "2026/11/12 23:30" 46338.979…
      const serial = Date.UTC(2026, 10, 12) / 86_400_000 + 25_569;
      expect(serial).toBe(46338);
      expect(parseDate(serial + 23.5 / 24)).toBe('2026-11-12');
      const p = await call(c.core, CLERK, 'collection.profiles.save', { name: '县税务局电子税票', target: '收缴', mapping: MAPPING });
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('明细');
      ws.addRow(['序号', '纳税人识别号', '纳税人名称', '征收品目', '所属期', '电子税票号码', '计费依据', '实缴金额', '入库日期']);
      ws.addRow([1, c.e.full.credit, c.e.full.name, '工会经费', '2026-10', 'D1', 100000, 2000, serial]);
      ws.addRow([2, c.e.micro.credit, c.e.micro.name, '工会经费', '2026-10', 'D2', 50000, 1000, serial + 23.5 / 24]);
      ws.getCell('I2').numFmt = 'yyyy/m/d';
      ws.getCell('I3').numFmt = 'yyyy/m/d h:mm';
      const r = await call(c.core, CLERK, 'collection.import.run', { uploadId: upload('日期.xlsx', new Uint8Array(await wb.xlsx.writeBuffer())), target: '收缴', profileId: p.id, dryRun: false });
      expect(r.status).toBe('imported');
      const recs = await c.core.db.selectFrom('collection_record').select(['tax_voucher_no', 'paid_on']).orderBy('tax_voucher_no').execute();
      expect(recs).toEqual([{ tax_voucher_no: 'D1', paid_on: '2026-11-12' }, { tax_voucher_no: 'D2', paid_on: '2026-11-12' }]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
