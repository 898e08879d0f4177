// The collection reports in one workbook (official style: title, 编制单位, period, 单位：元, frozen header,
// amounts as numbers with #,##0.00, totals, signatures): 收缴台账 (per payer and month), 分成明细, 返还清单,
// 应缴未缴清单 (with 少缴), 申报不实清单 and 年度汇总 by township/industry (the payer's 上级工会联合会).
// Written with the streaming WorkbookWriter, records read in id-ordered pages.
import { sql } from 'kysely';
import type { Executor } from '../../db/tx';
import { ExcelJS, TableWriter, printSetup, type ColumnSpec, type TableSheetSpec } from '../../reports/excel';
import { monthsOf } from './common';

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, spec: TableSheetSpec, landscape = true): TableWriter {
  const headerRows = 3 + (spec.tableNo ? 1 : 0) + (spec.headerGroups?.length ? 1 : 0);
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: 'frozen', ySplit: headerRows }] });
  printSetup(ws, landscape);
  return new TableWriter(ws, spec, true);
}

export async function writeCollectionReports(db: Executor, year: number, file: string, progress: (m: string) => void = () => {}): Promise<void> {
  const org = (await db.selectFrom('unit').select('name').where('kind', '=', '总工会').orderBy('id').limit(1).executeTakeFirst())?.name ?? '';
  const period = `${year}年度`;
  const from = `${year}-01`, to = `${year}-12`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const sign = ['单位负责人', '财务负责人', '制表人', '日期'];

  // 收缴台账
  progress('正在写收缴台账…');
  const months = monthsOf(year);
  const cols: ColumnSpec[] = [
    { header: '序号', key: 'seq', kind: 'int', width: 6 },
    { header: '缴费单位', key: 'name', width: 30 },
    { header: '统一社会信用代码', key: 'code', width: 22 },
    { header: '建会状态', key: 'status', width: 9 },
    ...months.map((m) => ({ header: `${Number(m.slice(5))}月`, key: m, kind: 'amount' as const, width: 12 })),
    { header: '全年合计', key: 'total', kind: 'amount' },
  ];
  const ledger = sheet(wb, { sheetName: '收缴台账', title: '工会经费收缴台账', orgName: org, period, columns: cols, headerGroups: [{ caption: '所属期实缴金额', from: months[0], to: months[11] }], signatures: sign });
  const perMonth = await sql<{ unit_id: number; name: string; credit_code: string | null; union_status: string | null; period: string; fen: number }>`
    select u.id as unit_id, u.name, u.credit_code, u.union_status, r.period, sum(r.amount_fen) as fen
    from collection_record r join unit u on u.id = r.unit_id
    where r.period between ${from} and ${to}
    group by u.id, r.period order by u.code, r.period`.execute(db);
  let cur: Record<string, string | number | null> | null = null;
  let curId = -1, seq = 0;
  const flush = () => { if (cur) ledger.row(cur); };
  for (const r of perMonth.rows) {
    if (r.unit_id !== curId) {
      flush();
      curId = r.unit_id;
      cur = { seq: ++seq, name: r.name, code: r.credit_code ?? '', status: r.union_status ?? '', total: 0 };
    }
    cur![r.period] = Number(r.fen);
    cur!.total = Number(cur!.total) + Number(r.fen);
  }
  flush();
  ledger.totalRow('合计', 'name');
  ledger.signatures();

  // 分成明细
  progress('正在写分成明细…');
  const split = sheet(wb, {
    sheetName: '分成明细', title: '工会经费分成明细表', orgName: org, period, signatures: sign,
    columns: [
      { header: '序号', key: 'seq', kind: 'int', width: 7 },
      { header: '缴费单位', key: 'name', width: 30 },
      { header: '税票号码', key: 'voucher', width: 22 },
      { header: '所属期', key: 'period', width: 9 },
      { header: '入库日期', key: 'paid', width: 11 },
      { header: '品目', key: 'kind', width: 8 },
      { header: '实缴金额', key: 'amount', kind: 'amount' },
      { header: '基层留成（返还）', key: 'g', kind: 'amount' },
      { header: '县级', key: 'county', kind: 'amount' },
      { header: '市级', key: 'city', kind: 'amount' },
      { header: '省级', key: 'province', kind: 'amount' },
      { header: '全总', key: 'national', kind: 'amount' },
      { header: '代收手续费', key: 'fee', kind: 'amount' },
      { header: '建会筹备金', key: 'held', kind: 'amount' },
    ],
    headerGroups: [{ caption: '分成', from: 'g', to: 'held' }],
  });
  let lastId = 0;
  seq = 0;
  for (;;) {
    const rows = await db.selectFrom('collection_record as r').innerJoin('unit as u', 'u.id', 'r.unit_id')
      .select(['r.id', 'u.name', 'r.tax_voucher_no', 'r.period', 'r.paid_on', 'r.kind', 'r.amount_fen', 'r.grassroots_fen', 'r.county_fen', 'r.city_fen', 'r.province_fen', 'r.national_fen', 'r.fee_fen', 'r.held_fen'])
      .where('r.period', '>=', from).where('r.period', '<=', to).where('r.id', '>', lastId).orderBy('r.id').limit(5000).execute();
    if (!rows.length) break;
    for (const r of rows) {
      split.row({
        seq: ++seq, name: r.name, voucher: r.tax_voucher_no, period: r.period, paid: r.paid_on, kind: r.kind, amount: r.amount_fen, g: r.grassroots_fen,
        county: r.county_fen, city: r.city_fen, province: r.province_fen, national: r.national_fen, fee: r.fee_fen, held: r.held_fen,
      });
    }
    lastId = rows[rows.length - 1].id;
  }
  split.totalRow('合计', 'name');
  split.signatures();

  // 返还清单
  progress('正在写返还清单…');
  const refunds = sheet(wb, {
    sheetName: '返还清单', title: '工会经费返还清单', orgName: org, period, signatures: sign,
    columns: [
      { header: '序号', key: 'seq', kind: 'int', width: 6 },
      { header: '清单号', key: 'list', width: 16 },
      { header: '基层工会', key: 'name', width: 30 },
      { header: '开户银行', key: 'bank', width: 24 },
      { header: '银行账号', key: 'account', width: 24 },
      { header: '返还金额', key: 'amount', kind: 'amount' },
      { header: '状态', key: 'status', width: 9 },
      { header: '转账日期', key: 'paid', width: 11 },
      { header: '备注', key: 'note', width: 22 },
    ],
  });
  const rf = await db.selectFrom('collection_refund as f').innerJoin('unit as u', 'u.id', 'f.unit_id')
    .select(['f.list_no', 'u.name', 'f.bank_name', 'f.bank_account', 'f.amount_fen', 'f.status', 'f.paid_on', 'f.failed_reason', 'f.reissue_of'])
    .where('f.created_on', '>=', `${year}-01-01`).where('f.created_on', '<=', `${year}-12-31`).orderBy('f.list_no').orderBy('f.id').execute();
  rf.forEach((r, i) => refunds.row({
    seq: i + 1, list: r.list_no, name: r.name, bank: r.bank_name ?? '', account: r.bank_account ?? '', amount: r.status === '已重发' ? null : r.amount_fen,
    status: r.status, paid: r.paid_on ?? '', note: r.status === '已重发' ? `转账失败（${r.failed_reason ?? ''}），已重发，不计入合计` : r.reissue_of ? `重发（原编号 ${r.reissue_of}）` : r.failed_reason ?? '',
  }));
  refunds.totalRow('合计', 'name');
  refunds.signatures();

  // 应缴未缴清单 and 申报不实清单
  progress('正在写对账清单…');
  const flags = await db.selectFrom('collection_flag as f').innerJoin('unit as u', 'u.id', 'f.unit_id')
    .select(['u.name', 'u.credit_code', 'f.kind', 'f.due_fen', 'f.paid_fen', 'f.declared_base_fen', 'f.reference_fen', 'f.reference_source', 'f.gap_fen', 'f.status', 'f.active',
      (eb) => eb.selectFrom('collection_followup as x').select('x.action').whereRef('x.flag_id', '=', 'f.id').orderBy('x.id', 'desc').limit(1).as('last')])
    .where('f.year', '=', year).orderBy('u.code').execute();
  const unpaid = sheet(wb, {
    sheetName: '应缴未缴清单', title: '工会经费应缴未缴（少缴）清单', orgName: org, period, signatures: sign,
    columns: [
      { header: '序号', key: 'seq', kind: 'int', width: 6 },
      { header: '单位名称', key: 'name', width: 30 },
      { header: '统一社会信用代码', key: 'code', width: 22 },
      { header: '类别', key: 'kind', width: 9 },
      { header: '全年应缴', key: 'due', kind: 'amount' },
      { header: '全年实缴', key: 'paid', kind: 'amount' },
      { header: '差额', key: 'gap', kind: 'amount' },
      { header: '处理状态', key: 'status', width: 9 },
      { header: '最近跟进', key: 'last', width: 14 },
    ],
  });
  flags.filter((f) => f.kind !== '申报不实').forEach((f, i) => unpaid.row({
    seq: i + 1, name: f.name, code: f.credit_code ?? '', kind: f.kind, due: f.due_fen, paid: f.paid_fen, gap: f.gap_fen, status: f.status, last: (f.last as string | null) ?? '',
  }));
  unpaid.totalRow('合计', 'name');
  unpaid.signatures();
  const under = sheet(wb, {
    sheetName: '申报不实清单', title: '工会经费申报不实清单', orgName: org, period, signatures: sign,
    columns: [
      { header: '序号', key: 'seq', kind: 'int', width: 6 },
      { header: '单位名称', key: 'name', width: 30 },
      { header: '统一社会信用代码', key: 'code', width: 22 },
      { header: '申报工资总额', key: 'declared', kind: 'amount' },
      { header: '参考工资', key: 'ref', kind: 'amount' },
      { header: '参考来源', key: 'source', width: 11 },
      { header: '少报工资', key: 'gap', kind: 'amount' },
      { header: '少缴经费（按2%估算）', key: 'fee', kind: 'amount' },
      { header: '处理状态', key: 'status', width: 9 },
      { header: '最近跟进', key: 'last', width: 14 },
    ],
  });
  flags.filter((f) => f.kind === '申报不实').forEach((f, i) => under.row({
    seq: i + 1, name: f.name, code: f.credit_code ?? '', declared: f.declared_base_fen, ref: f.reference_fen, source: f.reference_source ?? '', gap: f.gap_fen,
    fee: Math.round(f.gap_fen * 0.02), status: f.status, last: (f.last as string | null) ?? '',
  }));
  under.totalRow('合计', 'name');
  under.signatures();

  // 年度汇总 by the payer's parent (乡镇/街道/行业 …) and 单位性质
  progress('正在写年度汇总…');
  const sum = await sql<{ parent: string | null; ptype: string | null; org_type: string | null; n: number; union_n: number; paid: number; g: number; county: number; upper: number; held: number; last_paid: number }>`
    select p.name as parent, p.org_type as ptype, u.org_type, count(distinct u.id) as n,
      count(distinct case when u.union_status = '已建会' then u.id end) as union_n,
      coalesce(sum(r.amount_fen), 0) as paid, coalesce(sum(r.grassroots_fen), 0) as g, coalesce(sum(r.county_fen), 0) as county,
      coalesce(sum(r.city_fen + r.province_fen + r.national_fen), 0) as upper, coalesce(sum(r.held_fen), 0) as held,
      (select coalesce(sum(r2.amount_fen), 0) from collection_record r2 join unit u2 on u2.id = r2.unit_id
        where u2.parent_id is p.id and u2.org_type is u.org_type and r2.period between ${`${year - 1}-01`} and ${`${year - 1}-12`}) as last_paid
    from unit u left join unit p on p.id = u.parent_id
    left join collection_record r on r.unit_id = u.id and r.period between ${from} and ${to}
    where u.kind = '基层工会' and u.active = 1
    group by p.id, u.org_type order by p.code, u.org_type`.execute(db);
  const summary = sheet(wb, {
    sheetName: '年度汇总', title: '工会经费收缴年度汇总表（按乡镇、行业）', orgName: org, period, signatures: sign,
    columns: [
      { header: '乡镇（街道）/行业', key: 'parent', width: 24 },
      { header: '类型', key: 'ptype', width: 8 },
      { header: '单位性质', key: 'org', width: 10 },
      { header: '单位数', key: 'n', kind: 'int', width: 8 },
      { header: '已建会', key: 'union', kind: 'int', width: 8 },
      { header: '实缴合计', key: 'paid', kind: 'amount' },
      { header: '基层留成', key: 'g', kind: 'amount' },
      { header: '县级', key: 'county', kind: 'amount' },
      { header: '上解上级', key: 'upper', kind: 'amount' },
      { header: '筹备金', key: 'held', kind: 'amount' },
      { header: '上年实缴', key: 'last', kind: 'amount' },
      { header: '增长率', key: 'rate', kind: 'percent', width: 9 },
    ],
  });
  for (const r of sum.rows) {
    const last = Number(r.last_paid);
    summary.row({
      parent: r.parent ?? '（直属）', ptype: r.ptype ?? '', org: r.org_type ?? '', n: Number(r.n), union: Number(r.union_n), paid: Number(r.paid), g: Number(r.g),
      county: Number(r.county), upper: Number(r.upper), held: Number(r.held), last, rate: last ? (Number(r.paid) - last) / last : null,
    });
  }
  summary.totalRow('合计', 'parent');
  summary.signatures();
  await wb.commit();
}
