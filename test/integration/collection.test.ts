// Fund collection through the contract: the split in fen (parts always add up; rounding rule), rules
// changing on an effective date, the tax-agency import (saved profile, preview, row/column errors with
// nothing written, unknown payers matched, duplicates across imports), postings through createVoucher
// (balanced, the accounts of domain.md §4.4, linked back), refunds with the transfer list (failed and
// reissued), reconciliation flags on a planted data set with follow-up history, growth and the reports.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { call, callErr } from '../helpers/session';
import { verifyAuditLog } from '../../electron/core/domains/audit/log';
import { collectionGrowth } from '../../electron/core/domains/collection/growth';
import { dueThrough } from '../../electron/core/domains/collection/reconcile';
import { splitAmount, type SplitRule } from '../../shared/collection/split';
import { ACC, CASH, CLERK, MAPPING, READ, collectionCounty, csv, line, type CountyCtx } from './collection-fixtures';
import type { ImportResult } from '../../shared/contract/collection';

let c: CountyCtx;
beforeEach(async () => {
  c = await collectionCounty();
});
afterEach(async () => c.core.close());

const upload = (name: string, bytes: Uint8Array) => c.core.env.files.putUpload(name, bytes).id;
const profile = () => call(c.core, CLERK, 'collection.profiles.save', { name: '县税务局电子税票', target: '收缴', mapping: MAPPING });
const importFile = (uploadId: string, profileId: number, dryRun = false): Promise<ImportResult> =>
  call(c.core, CLERK, 'collection.import.run', { uploadId, target: '收缴', profileId, dryRun });
const count = async (table: 'collection_record' | 'collection_batch' | 'collection_reference') =>
  Number((await c.core.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const RULE: SplitRule = { rateBp: 200, grassrootsBp: 6000, countyBp: 2500, cityBp: 1000, provinceBp: 400, nationalBp: 100, feeBp: 0, smallMicroRefundBp: 0 };

describe('split arithmetic', () => {
  it('the parts always add up to the whole, with the largest-remainder rule', () => {
    const p1 = splitAmount(1, { ...RULE, cityBp: 0, provinceBp: 0, nationalBp: 0, countyBp: 4000 });
    expect(p1).toMatchObject({ grassroots: 1, county: 0 }); // 0.6 vs 0.4 → the fen goes to the larger remainder
    const p = splitAmount(333, RULE);
    // exact: 199.8, 83.25, 33.3, 13.32, 3.33 → floors 199+83+33+13+3 = 331; two fen to .8 (基层) and .33 (全总)… by remainder order
    expect(p.grassroots + p.county + p.city + p.province + p.national + p.fee + p.held).toBe(333);
    expect(p).toMatchObject({ grassroots: 200, county: 83, city: 33, province: 13, national: 4 });
    for (let i = 0; i < 2000; i++) {
      const amount = Math.floor(Math.random() * 10_000_000) + 1;
      const feeBp = i % 3 === 0 ? 150 : 0;
      const s = splitAmount(amount, { ...RULE, feeBp }, { smallMicro: i % 5 === 0 });
      expect(s.grassroots + s.county + s.city + s.province + s.national + s.fee + s.held).toBe(amount);
      expect(Math.min(s.grassroots, s.county, s.city, s.province, s.national, s.fee)).toBeGreaterThanOrEqual(0);
    }
    // Handling fee (1.5%, half up) comes out of the county's share.
    expect(splitAmount(10_000, { ...RULE, feeBp: 150 })).toMatchObject({ grassroots: 6000, county: 2350, fee: 150 });
    // 小微 under a 100% regime: everything goes back to the grassroots union.
    expect(splitAmount(12_345, { ...RULE, smallMicroRefundBp: 10000 }, { smallMicro: true })).toMatchObject({ grassroots: 12_345, county: 0, refundDue: 12_345 });
    // 筹备金: held whole.
    expect(splitAmount(999, RULE, { held: true })).toMatchObject({ held: 999, grassroots: 0, refundDue: 0 });
  });
});

describe('rules with effective dates', () => {
  it('a record is split by the rule in force on its 入库日期; bad rules are refused', async () => {
    const bad = await callErr(c.core, CLERK, 'collection.rules.save', {
      effectiveFrom: '2026-07-01', rateBp: 200, grassrootsBp: 7000, countyBp: 2000, cityBp: 0, provinceBp: 0, nationalBp: 0, feeBp: 0, smallMicroRefundBp: 0, toleranceBp: 1000,
    });
    expect(bad.message).toContain('合计应为 100%');
    expect((await callErr(c.core, READ, 'collection.rules.save', {
      effectiveFrom: '2026-07-01', rateBp: 200, grassrootsBp: 7000, countyBp: 3000, cityBp: 0, provinceBp: 0, nationalBp: 0, feeBp: 0, smallMicroRefundBp: 0, toleranceBp: 1000,
    })).code).toBe('FORBIDDEN');
    const rules = await call(c.core, CLERK, 'collection.rules.save', {
      effectiveFrom: '2026-07-01', rateBp: 200, grassrootsBp: 7000, countyBp: 2000, cityBp: 600, provinceBp: 300, nationalBp: 100, feeBp: 0, smallMicroRefundBp: 0, toleranceBp: 1000,
    });
    expect(rules.map((r: any) => [r.effectiveFrom, r.effectiveTo])).toEqual([
      ['2000-01-01', '2019-12-31'], ['2020-01-01', '2022-12-31'], ['2023-01-01', '2026-06-30'], ['2026-07-01', null],
    ]);
    const p = await profile();
    const r = await importFile(upload('六七月.csv', csv([
      line(1, c.e.full, '工会经费', '2026-05', 'T260615001', '100000.00', '2000.00', '2026-06-15'),
      line(2, c.e.full, '工会经费', '2026-06', 'T260715001', '100000.00', '2000.00', '2026-07-15'),
    ])), p.id);
    expect(r.status).toBe('imported');
    const recs = await c.core.db.selectFrom('collection_record').selectAll().orderBy('paid_on').execute();
    expect(recs.map((x) => [x.grassroots_fen, x.county_fen, x.city_fen, x.province_fen, x.national_fen])).toEqual([
      [120_000, 80_000, 0, 0, 0],
      [140_000, 40_000, 12_000, 6_000, 2_000],
    ]);
  });
});

describe('tax-agency import', () => {
  it('preview, bad row by row/column with nothing written, unknown payer matched, then imported; re-import reports duplicates', async () => {
    const p = await profile();
    expect((await call(c.core, CLERK, 'collection.profiles.list', { target: '收缴' })).map((x: any) => x.name)).toEqual(['县税务局电子税票']);
    const stranger = { name: '外地分公司（演示县）', credit: null };
    const lines = [
      line(1, c.e.full, '工会经费', '2026-11', 'T261115001', '100000.00', '2000.00', '2026-12-10'),
      line(2, c.e.micro, '工会经费', '2026-11', 'T261115002', '50000.00', '"1,000.00"', '2026-12-10'),
      line(3, c.e.noUnion, '工会筹备金', '2026-11', 'T261115003', '30000.00', '600.00', '2026-12-11'),
      line(4, c.e.short, '工会经费', '2026-11', 'T261115004', '40000.00', '八百', '2026-12-11'),
      line(5, stranger, '工会经费', '2026-11', 'T261115005', '20000.00', '400.00', '2026-12-12'),
    ];
    const bad = await importFile(upload('十一月.csv', csv(lines)), p.id);
    expect(bad.status).toBe('rejected');
    expect(bad.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ row: 5, column: '实缴金额（H列）', message: expect.stringContaining('金额格式不正确') }),
      expect.objectContaining({ row: 6, column: '纳税人名称（C列）', message: expect.stringContaining('不在单位名录中') }),
    ]));
    expect(bad.unknownPayers).toEqual([expect.objectContaining({ key: 'name:外地分公司（演示县）', rows: [6] })]);
    expect(await count('collection_record')).toBe(0);
    expect(await count('collection_batch')).toBe(0);

    // Fix the amount; match the stranger to an employer (its branch pays for it).
    await call(c.core, CLERK, 'collection.payers.match', { key: 'name:外地分公司（演示县）', unitId: c.e.short.id });
    lines[3] = line(4, c.e.short, '工会经费', '2026-11', 'T261115004', '40000.00', '800.00', '2026-12-11');
    const fixed = upload('十一月.csv', csv(lines));
    const preview = await importFile(fixed, p.id, true);
    expect(preview.errors).toEqual([]);
    expect(preview).toMatchObject({ status: 'checked', newRows: 5, duplicates: 0, totalFen: 480_000, errorCount: 0 });
    expect(preview.preview[0]).toMatchObject({ unitId: c.e.full.id, amountFen: 200_000, grassrootsFen: 120_000, countyFen: 80_000 });
    expect(preview.preview[2]).toMatchObject({ kind: '筹备金', heldFen: 60_000, grassrootsFen: 0 });
    expect(await count('collection_record')).toBe(0);
    const done = await importFile(fixed, p.id);
    expect(done).toMatchObject({ status: 'imported', newRows: 5, duplicates: 0 });
    expect(await count('collection_record')).toBe(5);

    // Incremental: the same file plus December — the five are duplicates, one new.
    const again = await importFile(upload('十二月.csv', csv([...lines, line(6, c.e.full, '工会经费', '2026-12', 'T261215001', '100000.00', '2000.00', '2026-12-15')])), p.id);
    expect(again).toMatchObject({ status: 'imported', newRows: 1, duplicates: 5 });
    expect(again.duplicateRows.map((d) => d.row)).toEqual([2, 3, 4, 5, 6]);
    expect(await count('collection_record')).toBe(6);
    // The same voucher repeated within a file with a different amount is an error.
    const clash = await importFile(upload('x.csv', csv([
      line(1, c.e.under, '工会经费', '2026-12', 'T261215009', '60000.00', '1200.00', '2026-12-15'),
      line(2, c.e.under, '工会经费', '2026-12', 'T261215009', '60000.00', '1300.00', '2026-12-15'),
    ])), p.id);
    expect(clash.status).toBe('rejected');
    expect(clash.errors[0]).toMatchObject({ row: 3, message: expect.stringContaining('与第 2 行重复') });
    // A read-only reviewer cannot import.
    expect((await callErr(c.core, READ, 'collection.import.run', { uploadId: fixed, target: '收缴', profileId: p.id, dryRun: true })).code).toBe('FORBIDDEN');
  });

  it('reads Excel files with the same profile, and reports a missing mapped column', async () => {
    const p = await profile();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('明细');
    ws.addRow(['税务代征工会经费明细']);
    ws.addRow(['序号', '纳税人识别号', '纳税人名称', '征收品目', '所属期', '电子税票号码', '计费依据', '实缴金额', '入库日期']);
    ws.addRow([1, c.e.full.credit, c.e.full.name, '工会经费', '2026-10', 'X1', 100000, 2000, new Date(Date.UTC(2026, 10, 12))]);
    ws.addRow(['合计', '', '', '', '', '', '', 2000, '']);
    const r = await importFile(upload('十月.xlsx', new Uint8Array(await wb.xlsx.writeBuffer())), p.id);
    expect(r).toMatchObject({ status: 'imported', headerRow: 2, newRows: 1 });
    const rec = await c.core.db.selectFrom('collection_record').selectAll().executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ period: '2026-10', paid_on: '2026-11-12', amount_fen: 200_000, declared_base_fen: 10_000_000 });

    const cols = await call(c.core, CLERK, 'collection.import.columns', { uploadId: upload('a.csv', csv([])), target: '收缴' });
    expect(cols.suggested).toMatchObject({ payerName: '纳税人名称', creditCode: '纳税人识别号', taxVoucherNo: '电子税票号码', amount: '实缴金额' });
    const other = new TextEncoder().encode('名称,金额\n甲,1\n');
    const miss = await importFile(upload('other.csv', other), p.id);
    expect(miss.status).toBe('rejected');
    expect(miss.errors.map((e) => e.column)).toContain('电子税票号码');
  });
});

async function importNovember() {
  const p = await profile();
  return importFile(upload('十一月.csv', csv([
    line(1, c.e.full, '工会经费', '2026-11', 'T1', '100000.00', '2000.00', '2026-12-10'),
    line(2, c.e.micro, '工会经费', '2026-11', 'T2', '50000.00', '1000.00', '2026-12-10'),
    line(3, c.e.noUnion, '工会筹备金', '2026-11', 'T3', '30000.00', '600.00', '2026-12-11'),
  ])), p.id);
}

describe('postings and refunds', () => {
  it('posts receipts and splits through createVoucher, lists and pays refunds with a failed and reissued transfer', async () => {
    await call(c.core, CLERK, 'collection.rules.save', {
      effectiveFrom: '2026-01-01', rateBp: 200, grassrootsBp: 6000, countyBp: 2500, cityBp: 1000, provinceBp: 400, nationalBp: 100, feeBp: 100, smallMicroRefundBp: 0, toleranceBp: 1000,
    });
    const batch = await importNovember();
    const post = await call(c.core, CLERK, 'collection.records.post', { setId: c.set.id, date: '2026-12-18', batchId: batch.batchId });
    expect(post.records).toBe(3);
    const lines = await c.core.db.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', post.voucherId).orderBy('id').execute();
    const debit = lines.reduce((a, l) => a + l.debit_fen, 0);
    const credit = lines.reduce((a, l) => a + l.credit_fen, 0);
    expect(debit).toBe(credit);
    // 300,000 fen of 经费 less the 1% fee (3,000) + 60,000 筹备金 → bank 357,000.
    const by = (code: string) => lines.filter((l) => l.account_code === code);
    expect(by('102')[0].debit_fen).toBe(357_000);
    expect(by('215')[0].credit_fen).toBe(60_000);
    expect(by('402')[0].credit_fen).toBe(75_000 - 3_000);
    expect(by('211')[0].credit_fen).toBe(45_000);
    expect(by('211')[0].unit_id).toBe(c.orgUnit);
    expect(by('21202').map((l) => [l.unit_id, l.credit_fen])).toEqual([[c.e.full.id, 120_000], [c.e.micro.id, 60_000]]);
    const recs = await c.core.db.selectFrom('collection_record').select(['voucher_id']).execute();
    expect(recs.every((r) => r.voucher_id === post.voucherId)).toBe(true);
    expect((await callErr(c.core, CLERK, 'collection.records.post', { setId: c.set.id, date: '2026-12-18', batchId: batch.batchId })).message).toContain('没有尚未记账');

    // Refunds due: the two unions with a union (the 筹备金 payer gets nothing).
    const due = await call(c.core, CLERK, 'collection.refunds.due', {});
    expect(due.map((d: any) => [d.unitId, d.amountFen, d.problem])).toEqual([[c.e.full.id, 120_000, null], [c.e.micro.id, 60_000, null]]);
    const list = await call(c.core, CLERK, 'collection.refunds.create', { unitIds: [c.e.full.id, c.e.micro.id], date: '2026-12-19' });
    expect(list.listNo).toBe('FH20261219-001');
    expect(await call(c.core, CLERK, 'collection.refunds.due', {})).toEqual([]);
    const file = await call(c.core, CLERK, 'collection.refunds.export', { listNo: list.listNo });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.core.env.files.exportPath(file.id).path);
    const ws = wb.getWorksheet('返还转账清单')!;
    expect(ws.getCell('A1').value).toBe('工会经费返还转账清单');
    const values: unknown[][] = [];
    ws.eachRow((r) => values.push(r.values as unknown[]));
    expect(values.some((r) => r[2] === c.e.full.name && r[4] === '6222000000000000001' && r[5] === 1200)).toBe(true);
    expect(values.some((r) => r[2] === '合计' && r[5] === 1800)).toBe(true);

    const [f1, f2] = list.refunds;
    const failed = await call(c.core, CASH, 'collection.refunds.mark', { id: f2.id, result: '转账失败', date: '2026-12-20', reason: '户名不符' });
    expect(failed.status).toBe('转账失败');
    const re = await call(c.core, CLERK, 'collection.refunds.reissue', { id: f2.id, date: '2026-12-20', bankAccount: '6222999900001111' });
    expect(re).toMatchObject({ status: '待转账', reissueOf: f2.id, bankAccount: '6222999900001111', amountFen: 60_000, records: 1 });
    const paid = await call(c.core, CASH, 'collection.refunds.mark', { id: re.id, result: '已转账', date: '2026-12-20', setId: c.set.id });
    expect(paid.status).toBe('已转账');
    const pl = await c.core.db.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', paid.voucherId).orderBy('id').execute();
    expect(pl.map((l) => [l.account_code, l.debit_fen, l.credit_fen, l.unit_id])).toEqual([['21202', 60_000, 0, c.e.micro.id], ['102', 0, 60_000, null]]);
    expect((await callErr(c.core, CLERK, 'collection.refunds.reissue', { id: f1.id, date: '2026-12-20' })).message).toContain('只有“转账失败”');
    const all = await call(c.core, CLERK, 'collection.refunds.list', {});
    expect(all.rows.map((r: any) => r.status).sort()).toEqual(['已转账', '已重发', '待转账']);

    // 筹备金: refused while the employer has no union; converted once it has.
    expect((await callErr(c.core, CLERK, 'collection.records.convertHeld', { setId: c.set.id, unitId: c.e.noUnion.id, date: '2026-12-20' })).message).toContain('尚未建会');
    await c.core.db.updateTable('unit').set({ union_status: '已建会' }).where('id', '=', c.e.noUnion.id).execute();
    const conv = await call(c.core, CLERK, 'collection.records.convertHeld', { setId: c.set.id, unitId: c.e.noUnion.id, date: '2026-12-20' });
    const cl = await c.core.db.selectFrom('ledger_voucher_line').selectAll().where('voucher_id', '=', conv.voucherId).orderBy('id').execute();
    expect(cl.map((l) => [l.account_code, l.debit_fen, l.credit_fen])).toEqual([['215', 60_000, 0], ['402', 0, 15_000], ['211', 0, 9_000], ['21202', 0, 36_000]]);
    expect((await call(c.core, CLERK, 'collection.refunds.due', {}))[0]).toMatchObject({ unitId: c.e.noUnion.id, amountFen: 36_000 });
    expect((await verifyAuditLog(c.core.db)).ok).toBe(true);
  });
});

describe('reconciliation', () => {
  it('flags 应缴未缴, 少缴 and 申报不实 on a planted data set, keeps follow-up history and closes flags that disappear', async () => {
    const p = await profile();
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    const lines: string[] = [];
    let n = 0;
    for (const m of months) {
      lines.push(line(++n, c.e.full, '工会经费', m, `F${m}`, '100000.00', '2000.00', `${m}-15`));
      lines.push(line(++n, c.e.micro, '工会经费', m, `M${m}`, '50000.00', '1000.00', `${m}-15`));
      lines.push(line(++n, c.e.noUnion, '工会筹备金', m, `N${m}`, '30000.00', '600.00', `${m}-15`));
      lines.push(line(++n, c.e.under, '工会经费', m, `U${m}`, '30000.00', '600.00', `${m}-15`)); // registry 60,000
      if (Number(m.slice(5)) <= 6) lines.push(line(++n, c.e.short, '工会经费', m, `S${m}`, '40000.00', '800.00', `${m}-15`)); // half a year
    }
    expect((await importFile(upload('2026.csv', csv(lines)), p.id)).status).toBe('imported');
    // Reference payroll (企业所得税 工资薪金): the under-declaring employer's real payroll is 720,000 a year.
    const ref = new TextEncoder().encode(`纳税人识别号,纳税人名称,年度,工资薪金支出\n${c.e.under.credit},${c.e.under.name},2026,720000.00\n${c.e.full.credit},${c.e.full.name},2026,1250000.00\n`);
    const refProfile = await call(c.core, CLERK, 'collection.profiles.save', { name: '汇算清缴A105050', target: '参考工资', mapping: { creditCode: '纳税人识别号', payerName: '纳税人名称', year: '年度', wage: '工资薪金支出' } });
    const refResult = await call(c.core, CLERK, 'collection.import.run', { uploadId: upload('ref.csv', ref), target: '参考工资', profileId: refProfile.id, dryRun: false });
    expect(refResult).toMatchObject({ status: 'imported', newRows: 2 });

    // Mid-year (through June) the half-year payer is up to date; the reference is prorated.
    const june = await call(c.core, CLERK, 'collection.reconcile.run', { year: 2026, throughMonth: 6 });
    expect(june.flags.find((f: any) => f.unitId === c.e.unpaid.id)).toMatchObject({ kind: '应缴未缴', dueFen: 960_000 });
    expect(june.flags.some((f: any) => f.unitId === c.e.short.id)).toBe(false);
    expect(june.flags.find((f: any) => f.unitId === c.e.under.id && f.kind === '申报不实')).toMatchObject({ referenceFen: 36_000_000, declaredBaseFen: 18_000_000 });
    expect(dueThrough(2026, new Date('2026-12-06T10:00:00+08:00'))).toBe(10);
    expect(dueThrough(2026, new Date('2026-12-16T10:00:00+08:00'))).toBe(11);
    expect(dueThrough(2026, new Date('2027-01-10T10:00:00+08:00'))).toBe(11);
    expect(dueThrough(2026, new Date('2027-01-16T10:00:00+08:00'))).toBe(12);
    expect(dueThrough(2027, new Date('2027-01-16T10:00:00+08:00'))).toBe(0);
    const r = await call(c.core, CLERK, 'collection.reconcile.run', { year: 2026 });
    expect(r.throughMonth).toBe(12);
    expect(r.counts).toEqual({ 应缴未缴: 1, 少缴: 2, 申报不实: 1 });
    const flag = (unitId: number, kind: string) => r.flags.find((f: any) => f.unitId === unitId && f.kind === kind);
    expect(flag(c.e.unpaid.id, '应缴未缴')).toMatchObject({ dueFen: 1_920_000, paidFen: 0, gapFen: 1_920_000, status: '待跟进' });
    expect(flag(c.e.short.id, '少缴')).toMatchObject({ dueFen: 960_000, paidFen: 480_000, gapFen: 480_000 });
    // Paid on half the registry's base: 少缴 and, against the tax wage figure, 申报不实.
    expect(flag(c.e.under.id, '少缴')).toMatchObject({ dueFen: 1_440_000, paidFen: 720_000 });
    expect(flag(c.e.under.id, '申报不实')).toMatchObject({ declaredBaseFen: 36_000_000, referenceFen: 72_000_000, gapFen: 36_000_000, referenceSource: '企业所得税' });
    // 鑫达: declared 1,200,000 vs reference 1,250,000 — within the 10% tolerance, not flagged.
    expect(r.flags.some((f: any) => f.unitId === c.e.full.id)).toBe(false);

    const unpaidFlag = flag(c.e.unpaid.id, '应缴未缴');
    await call(c.core, CLERK, 'collection.flags.followup', { flagId: unpaidFlag.id, action: '已联系', onDate: '2026-12-18', note: '电话联系财务王某' });
    const f2 = await call(c.core, CLERK, 'collection.flags.followup', { flagId: unpaidFlag.id, action: '移交税务机关', onDate: '2026-12-19' });
    expect(f2).toMatchObject({ status: '跟进中', followups: 2, lastAction: '移交税务机关' });
    expect((await callErr(c.core, READ, 'collection.flags.followup', { flagId: unpaidFlag.id, action: '已联系', onDate: '2026-12-19' })).code).toBe('FORBIDDEN');
    await expect(c.core.db.deleteFrom('collection_followup').execute()).rejects.toThrow(/只能追加/);

    // The employer pays the whole year: the next reconciliation closes the flag, keeping its history.
    await importFile(upload('补缴.csv', csv([line(1, c.e.unpaid, '工会经费', '2026-12', 'P1', '960000.00', '19200.00', '2026-12-20')])), p.id);
    const r2 = await call(c.core, CLERK, 'collection.reconcile.run', { year: 2026 });
    expect(r2.cleared).toBe(1);
    expect(r2.counts.应缴未缴).toBe(0);
    const hist = await call(c.core, CLERK, 'collection.flags.followups', { flagId: unpaidFlag.id });
    expect(hist.map((h: any) => h.action)).toEqual(['已联系', '移交税务机关', '复核不再存在']);
    const closed = await call(c.core, CLERK, 'collection.flags.list', { year: 2026, kind: '应缴未缴' });
    expect(closed.rows[0]).toMatchObject({ status: '已解决', active: false });
    const open = await call(c.core, CLERK, 'collection.flags.list', { year: 2026, activeOnly: true });
    expect(open.total).toBe(3);

    // Reports workbook: every sheet, amounts as numbers.
    const file = await call(c.core, READ, 'collection.reports.export', { year: 2026 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.core.env.files.exportPath(file.id).path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['收缴台账', '分成明细', '返还清单', '应缴未缴清单', '申报不实清单', '年度汇总']);
    const ledger = wb.getWorksheet('收缴台账')!;
    const rows: unknown[][] = [];
    ledger.eachRow((row) => rows.push(row.values as unknown[]));
    const full = rows.find((x) => x[2] === c.e.full.name)!;
    expect(full[5]).toBe(2000);
    expect(full[17]).toBe(24000);
    const under = wb.getWorksheet('申报不实清单')!;
    const ur: unknown[][] = [];
    under.eachRow((row) => ur.push(row.values as unknown[]));
    expect(ur.some((x) => x[2] === c.e.under.name && x[4] === 360000 && x[5] === 720000)).toBe(true);
  });
});

describe('payers, bases and growth', () => {
  it('payroll base history drives what is due; growth per grassroots union, this year against last', async () => {
    const list = await call(c.core, CLERK, 'collection.payers.list', { month: '2026-12' });
    expect(list.total).toBe(6);
    const row = list.rows.find((r: any) => r.unitId === c.e.full.id);
    expect(row).toMatchObject({ payrollBaseFen: 10_000_000, monthDueFen: 200_000, kind: '经费' });
    expect(list.rows.find((r: any) => r.unitId === c.e.noUnion.id).kind).toBe('筹备金');
    await call(c.core, CLERK, 'collection.payers.setBase', { unitId: c.e.full.id, fromMonth: '2026-07', payrollBaseFen: 12_000_000, staffCount: 60 });
    const june = await call(c.core, CLERK, 'collection.payers.list', { month: '2026-06', search: '鑫达' });
    const july = await call(c.core, CLERK, 'collection.payers.list', { month: '2026-07', search: '鑫达' });
    // June: no history before July → the registry's base, which now follows the latest history entry.
    expect(june.rows[0].payrollBaseFen).toBe(12_000_000);
    await call(c.core, CLERK, 'collection.payers.setBase', { unitId: c.e.full.id, fromMonth: '2026-01', payrollBaseFen: 10_000_000 });
    const june2 = await call(c.core, CLERK, 'collection.payers.list', { month: '2026-06', search: '鑫达' });
    expect(june2.rows[0]).toMatchObject({ payrollBaseFen: 10_000_000, baseFrom: '2026-01' });
    expect(july.rows[0]).toMatchObject({ payrollBaseFen: 12_000_000, monthDueFen: 240_000, baseFrom: '2026-07', staffCount: 60 });
    await call(c.core, CLERK, 'collection.payers.setInfo', { unitId: c.e.micro.id, smallMicro: true, channel: '税务代征' });

    const p = await profile();
    await importFile(upload('g.csv', csv([
      line(1, c.e.full, '工会经费', '2025-03', 'G1', '100000', '2000', '2025-04-15'),
      line(2, c.e.full, '工会经费', '2026-03', 'G2', '100000', '2500', '2026-04-15'),
      line(3, c.e.micro, '工会经费', '2026-03', 'G3', '50000', '1000', '2026-04-15'),
    ])), p.id);
    const g = await collectionGrowth(c.core.db, 2026);
    expect(g.find((x) => x.unitId === c.e.full.id)).toEqual({ unitId: c.e.full.id, thisYearFen: 250_000, lastYearFen: 200_000, rate: 0.25 });
    expect(g.find((x) => x.unitId === c.e.micro.id)).toEqual({ unitId: c.e.micro.id, thisYearFen: 100_000, lastYearFen: 0, rate: null });
    expect(g).toHaveLength(6);
    // 小微 in 2026 under the default rules: no refund regime after 2022 → the ordinary 60%.
    const micro = await c.core.db.selectFrom('collection_record').selectAll().where('tax_voucher_no', '=', 'G3').executeTakeFirstOrThrow();
    expect(micro.grassroots_fen).toBe(60_000);
    const api = await call(c.core, READ, 'collection.growth', { year: 2026 });
    expect(api.find((x: any) => x.unitId === c.e.full.id)).toMatchObject({ unitName: c.e.full.name, rate: 0.25 });
  });
});

describe('demo', () => {
  it('the demo county carries a profile, this year\'s records and reference payroll that reconcile to flags of every kind', async () => {
    const { tempCore, frozenClock } = await import('../helpers/temp');
    const core = await tempCore({ now: frozenClock('2026-06-20T09:00:00+08:00') });
    try {
      await call(core, 'x', 'setup.loadDemo', {});
      await call(core, 'cw', 'auth.signIn', { username: 'caiwu', password: 'Demo2026' });
      expect((await call(core, 'cw', 'collection.profiles.list', {})).map((p: any) => p.name)).toContain('县税务局电子税票（演示）');
      const recs = await call(core, 'cw', 'collection.records.list', { year: 2026 });
      expect(recs.total).toBeGreaterThan(50);
      const r = await call(core, 'cw', 'collection.reconcile.run', { year: 2026 });
      expect(r.throughMonth).toBe(5);
      expect(r.counts.应缴未缴).toBeGreaterThan(0);
      expect(r.counts.少缴).toBeGreaterThan(0);
      expect(r.counts.申报不实).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
  });
});
