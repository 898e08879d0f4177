// The assessment workbooks: the per-unit score sheet (条件 / 考核验收内容 / 标准分 / 自考分 / 评核分 / 得分 /
// 备注, evidence list, signatures), the round's summary ranking with merged category headers (streamed, so
// a city round of 25,000 units stays small in memory), the allocation proposal with the allowance list,
// and the service ledger per enterprise with the county service summary.
import { sql } from 'kysely';
import { ExcelJS, TableWriter, printSetup, BORDER, type ColumnSpec } from '../../reports/excel';
import type { Executor } from '../../db/tx';
import { orgName } from '../setup/org';
import { templateDetail } from './templates';
import { roundDetail, subjectSheet } from './rounds';
import { proposalDetail } from './allocations';
import { countySummary, listServices, serviceBill } from './services';
import { notFound } from '../../errors';

export const ASSESS_SHEETS = {
  ranking: '汇总排名',
  grades: '等次统计',
  sheet: '评分表',
  evidence: '佐证材料清单',
  proposal: '资金分配建议',
  allowance: '岗位补贴名单',
  ledger: '服务台账',
  bill: '一企一档服务账单',
  county: '全县服务汇总',
} as const;

export const SCORE_SIGNATURES = ['自评单位负责人', '评核人', '考核组组长', '日期'];
export const RANKING_SIGNATURES = ['考核组组长', '工会主席', '制表', '日期'];

const frozen = (ySplit: number) => ({ views: [{ state: 'frozen' as const, ySplit }] });

/** The round's summary ranking (per rank group), streamed; optionally one unit's score sheet instead. */
export async function writeRoundWorkbook(
  db: Executor,
  roundId: number,
  file: string,
  opts: { subjectId?: number | null; progress?: (done: number, total: number, message?: string) => void } = {},
): Promise<{ subjects: number; sheets: string[] }> {
  const detail = await roundDetail(db, roundId, { pageSize: 1 });
  const org = await orgName(db);
  if (opts.subjectId) return writeScoreSheet(db, opts.subjectId, roundId, file, org);
  const t = await templateDetail(db, detail.template.id);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  wb.creator = '县级工会财务工作台';
  const ws = wb.addWorksheet(ASSESS_SHEETS.ranking, frozen(4));
  printSetup(ws, true);
  const cats = t.categories;
  const columns: ColumnSpec[] = [
    { header: '排名', key: 'rank', kind: 'int', width: 6 },
    { header: '类别', key: 'group', width: 10 },
    { header: '单位编码', key: 'code', width: 12 },
    { header: '单位名称', key: 'name', width: 28 },
    { header: '工作者', key: 'person', width: 10 },
    ...cats.flatMap((c, i) => [
      { header: '自评', key: `s${i}`, width: 7, kind: 'number' as const },
      { header: '得分', key: `f${i}`, width: 7, kind: 'number' as const },
    ]),
    { header: '自评总分', key: 'selfTotal', width: 9, kind: 'number' },
    { header: '总分', key: 'total', width: 8, kind: 'number' },
    { header: '等次', key: 'grade', width: 8 },
    { header: '必备项', key: 'mandatory', width: 10 },
    // Self scores recorded by a federation clerk on the unit's behalf are marked, as on the score sheet.
    { header: '自评录入', key: 'entry', width: 16 },
  ];
  const tw = new TableWriter(
    ws,
    {
      sheetName: ASSESS_SHEETS.ranking,
      title: `${detail.name}汇总排名表`,
      orgName: org,
      period: `${detail.year}年度　${t.name}（第 ${t.version} 版）${detail.status === '已关闭' ? '' : '　（轮次未关闭，结果未锁定）'}`,
      unitLabel: '单位：分',
      columns,
      headerGroups: cats.map((c, i) => ({ caption: `${c.name}（${c.maxPoints}分）`, from: `s${i}`, to: `f${i}` })),
      signatures: RANKING_SIGNATURES,
    },
    true,
  );
  // Per subject and category: self (or computed) and final sums, read in pages in ranking order.
  const PAGE = 5000;
  const total = detail.subjects.total;
  let written = 0;
  for (let offset = 0; offset < total; offset += PAGE) {
    const page = await sql<{
      id: number; rank_group: string; code: string; name: string; person_name: string | null; self_total: number | null; total: number | null;
      grade: string | null; mandatory_failed: number; live_rank: number; proxies: string | null;
    }>`select s.id, s.rank_group, u.code, u.name, s.person_name, s.self_total, s.total, s.grade, s.mandatory_failed,
        rank() over (partition by s.rank_group order by coalesce(s.total, -1) desc) as live_rank,
        (select group_concat(distinct p.self_proxy_name) from assess_score p where p.subject_id = s.id and p.self_proxy_name is not null) as proxies
      from assess_subject s join unit u on u.id = s.unit_id where s.round_id = ${roundId}
      order by s.rank_group, live_rank, u.code, s.person_name limit ${PAGE} offset ${offset}`.execute(db);
    const ids = page.rows.map((r) => r.id);
    const sums = ids.length
      ? await sql<{ subject_id: number; category_id: number; self: number | null; final: number | null }>`
          select sc.subject_id, i.category_id,
            sum(case when i.method = '系统计算' then sc.computed_score else sc.self_score end) as self, sum(sc.final_score) as final
          from assess_score sc join assess_item i on i.id = sc.item_id
          where sc.subject_id in (${sql.join(ids)}) group by sc.subject_id, i.category_id`.execute(db)
      : { rows: [] };
    const by = new Map<string, { self: number | null; final: number | null }>();
    for (const s of sums.rows) by.set(`${s.subject_id}:${s.category_id}`, { self: s.self, final: s.final });
    for (const r of page.rows) {
      const values: Record<string, string | number | null> = {
        rank: r.total === null ? null : r.live_rank,
        group: r.rank_group,
        code: r.code,
        name: r.name,
        person: r.person_name,
        selfTotal: r.self_total,
        total: r.total,
        grade: r.grade,
        mandatory: r.mandatory_failed ? '未达标（封顶）' : '达标',
        entry: r.proxies ? `代录：${r.proxies.split(',').join('、')}` : r.self_total === null ? null : '本单位',
      };
      cats.forEach((c, i) => {
        const v = by.get(`${r.id}:${c.id}`);
        values[`s${i}`] = v?.self === null || v?.self === undefined ? null : Math.round(Number(v.self) * 10) / 10;
        values[`f${i}`] = v?.final === null || v?.final === undefined ? null : Math.round(Number(v.final) * 10) / 10;
      });
      tw.row(values);
    }
    written += page.rows.length;
    opts.progress?.(written, total, `已写 ${written} / ${total} 个对象`);
  }
  tw.note(`等次分档：${t.bands.map((b) => `${b.grade} ≥ ${b.min} 分`).join('；')}；必备项未达标者最高评为“${t.capGrade}”。排名按类别（单位类型）分别排列，同分同名次。`);
  tw.signatures();
  ws.commit();

  const gs = wb.addWorksheet(ASSESS_SHEETS.grades, frozen(3));
  printSetup(gs);
  const gw = new TableWriter(
    gs,
    {
      sheetName: ASSESS_SHEETS.grades,
      title: `${detail.name}等次统计`,
      orgName: org,
      period: `${detail.year}年度`,
      unitLabel: '',
      columns: [
        { header: '等次', key: 'grade', width: 14 },
        { header: '分数线', key: 'min', width: 10, kind: 'number' },
        { header: '对象数', key: 'n', kind: 'int', width: 10 },
      ],
    },
    true,
  );
  for (const b of t.bands) gw.row({ grade: b.grade, min: b.min, n: detail.gradeCounts[b.grade] ?? 0 });
  gw.row({ grade: '合计', n: total }, { bold: true });
  gs.commit();
  await wb.commit();
  return { subjects: total, sheets: [ASSESS_SHEETS.ranking, ASSESS_SHEETS.grades] };
}

async function writeScoreSheet(db: Executor, subjectId: number, roundId: number, file: string, org: string) {
  const sheet = await subjectSheet(db, subjectId, null);
  if (sheet.round.id !== roundId) throw notFound('本轮次的考核对象');
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';
  const ws = wb.addWorksheet(ASSESS_SHEETS.sheet, frozen(3));
  printSetup(ws, true);
  const who = sheet.subject.personName ? `${sheet.subject.unit.name} ${sheet.subject.personName}` : sheet.subject.unit.name;
  const tw = new TableWriter(ws, {
    sheetName: ASSESS_SHEETS.sheet,
    title: `${sheet.round.template.name}评分表`,
    orgName: org,
    period: `${sheet.round.year}年度　被考核单位：${who}（${sheet.subject.unit.code}）`,
    unitLabel: '单位：分',
    columns: [
      { header: '条件', key: 'cat', width: 16 },
      { header: '序号', key: 'code', width: 6 },
      { header: '考核验收内容', key: 'content', width: 44 },
      { header: '标准分', key: 'max', width: 8, kind: 'number' },
      { header: '自考分', key: 'self', width: 8, kind: 'number' },
      { header: '评核分', key: 'review', width: 8, kind: 'number' },
      { header: '系统计算', key: 'computed', width: 9, kind: 'number' },
      { header: '得分', key: 'final', width: 8, kind: 'number' },
      { header: '备注', key: 'note', width: 40 },
    ],
    signatures: SCORE_SIGNATURES,
  });
  const firstData = tw.currentRow + 1;
  let lastCat = '';
  let catStart = firstData;
  const merges: Array<[number, number]> = [];
  for (const s of sheet.scores) {
    const row = tw.currentRow + 1;
    if (s.categoryName !== lastCat) {
      if (lastCat && row - 1 > catStart) merges.push([catStart, row - 1]);
      lastCat = s.categoryName;
      catStart = row;
    }
    const flags = [s.item.mandatory ? '必备项' : '', s.item.bonus ? '加分项' : '', s.item.deduction ? `扣分项（最多扣 ${s.item.maxPoints} 分）` : '', s.item.example ? '示例条目' : ''].filter(Boolean).join('、');
    const notes = [
      flags,
      s.failed ? '必备项未达标' : '',
      s.computedDetail ?? '',
      s.selfProxyName ? `自评代录：${s.selfProxyName}（总工会代录）` : '',
      s.selfNote ? `自评说明：${s.selfNote}` : '',
      s.reviewNote ? `评核意见：${s.reviewNote}` : '',
      s.evidence.length ? `佐证：${s.evidence.map((e) => e.name).join('、')}` : '',
    ].filter(Boolean);
    tw.row({
      cat: s.categoryName,
      code: s.item.code,
      content: `${s.item.title}：${s.item.content}`,
      max: s.item.deduction ? -s.item.maxPoints : s.item.maxPoints,
      self: s.item.method === '系统计算' ? null : s.selfScore,
      review: s.reviewScore,
      computed: s.computedScore,
      final: s.finalScore,
      note: notes.join('；'),
    });
    ws.getRow(row).getCell(3).alignment = { wrapText: true, vertical: 'top' };
    ws.getRow(row).getCell(9).alignment = { wrapText: true, vertical: 'top' };
  }
  const lastRow = tw.currentRow;
  if (lastCat && lastRow > catStart) merges.push([catStart, lastRow]);
  for (const [a, b] of merges) {
    ws.mergeCells(a, 1, b, 1);
    ws.getCell(a, 1).alignment = { vertical: 'middle', wrapText: true };
  }
  tw.row(
    {
      cat: '合计',
      max: sheet.scores.filter((s) => !s.item.bonus && !s.item.deduction).reduce((a, s) => a + s.item.maxPoints, 0),
      self: sheet.subject.selfTotal,
      final: sheet.subject.total,
      note: `等次：${sheet.subject.grade ?? '—'}${sheet.subject.mandatoryFailed ? '（必备项未达标，等次封顶）' : ''}${sheet.subject.rank ? `；${sheet.subject.rankGroup}第 ${sheet.subject.rank} 名` : ''}`,
    },
    { bold: true },
  );
  tw.signatures();

  const ev = wb.addWorksheet(ASSESS_SHEETS.evidence, frozen(3));
  printSetup(ev);
  const ew = new TableWriter(ev, {
    sheetName: ASSESS_SHEETS.evidence,
    title: '佐证材料清单',
    orgName: org,
    period: `${sheet.round.year}年度　${who}`,
    unitLabel: '',
    columns: [
      { header: '序号', key: 'code', width: 8 },
      { header: '考核条目', key: 'item', width: 30 },
      { header: '文件名', key: 'file', width: 36 },
      { header: '说明', key: 'note', width: 30 },
      { header: '上传时间', key: 'at', width: 20 },
    ],
  });
  for (const s of sheet.scores) for (const e of s.evidence) ew.row({ code: s.item.code, item: s.item.title, file: e.name, note: e.note, at: e.at.slice(0, 19).replace('T', ' ') });
  await wb.xlsx.writeFile(file);
  return { subjects: 1, sheets: [ASSESS_SHEETS.sheet, ASSESS_SHEETS.evidence] };
}

export async function writeProposalWorkbook(db: Executor, proposalId: number, file: string): Promise<{ lines: number; allowances: number }> {
  const p = await proposalDetail(db, proposalId);
  const org = await orgName(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';
  const ws = wb.addWorksheet(ASSESS_SHEETS.proposal, frozen(3));
  printSetup(ws, true);
  const tw = new TableWriter(ws, {
    sheetName: ASSESS_SHEETS.proposal,
    title: `${p.targetYear}年度资金分配建议`,
    orgName: org,
    period: `依据：${p.roundName}　状态：${p.status}`,
    columns: [
      { header: '单位编码', key: 'code', width: 12 },
      { header: '单位名称', key: 'name', width: 26 },
      { header: '得分', key: 'total', width: 8, kind: 'number' },
      { header: '等次', key: 'grade', width: 8 },
      { header: '调整方式', key: 'action', width: 9 },
      { header: '调整比例', key: 'percent', kind: 'percent', width: 9 },
      { header: '本年预算数', key: 'base', kind: 'amount' },
      { header: '下年建议数', key: 'amount', kind: 'amount' },
      { header: '岗位补贴', key: 'allowance', kind: 'amount' },
      { header: '整改期限', key: 'rectify', width: 12 },
      { header: '依据', key: 'basis', width: 60 },
    ],
    signatures: ['拟定人', '审核人', '工会主席', '日期'],
  });
  for (const l of p.lines) {
    tw.row({
      code: l.unit.code, name: l.unit.name, total: l.total, grade: l.grade, action: l.action, percent: l.percent / 100,
      base: l.baseFen, amount: l.amountFen, allowance: l.allowanceFen, rectify: l.rectifyBy, basis: l.basis,
    });
  }
  tw.totalRow('合计', 'code', { percent: null });
  tw.signatures();

  const as = wb.addWorksheet(ASSESS_SHEETS.allowance, frozen(3));
  printSetup(as);
  const aw = new TableWriter(as, {
    sheetName: ASSESS_SHEETS.allowance,
    title: `${p.targetYear}年度工作站岗位补贴名单`,
    orgName: org,
    period: `依据：${p.roundName}`,
    columns: [
      { header: '单位编码', key: 'code', width: 12 },
      { header: '工作站', key: 'name', width: 26 },
      { header: '等次', key: 'grade', width: 8 },
      { header: '站长补贴', key: 'chief', kind: 'amount' },
      { header: '副站长人数', key: 'deputies', kind: 'int', width: 10 },
      { header: '副站长补贴', key: 'deputy', kind: 'amount' },
      { header: '合计', key: 'total', kind: 'amount' },
      { header: '领取人签字', key: 'sign', width: 14 },
    ],
    signatures: ['制表', '财务负责人', '工会主席', '日期'],
  });
  const withAllowance = p.lines.filter((l) => l.allowanceFen > 0);
  for (const l of withAllowance) {
    aw.row({ code: l.unit.code, name: l.unit.name, grade: l.grade, chief: p.params.chiefFen, deputies: p.params.deputies, deputy: p.params.deputies * p.params.deputyFen, total: l.allowanceFen, sign: '' });
  }
  aw.totalRow('合计', 'code', { deputies: null });
  aw.signatures();
  await wb.xlsx.writeFile(file);
  return { lines: p.lines.length, allowances: withAllowance.length };
}

export async function writeServiceWorkbook(db: Executor, year: number, unitId: number | null | undefined, file: string): Promise<{ rows: number }> {
  const org = await orgName(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';
  const list = await listServices(db, { year, unitId, page: 1, pageSize: 1_000_000 });
  const ws = wb.addWorksheet(ASSESS_SHEETS.ledger, frozen(3));
  printSetup(ws, true);
  const tw = new TableWriter(ws, {
    sheetName: ASSESS_SHEETS.ledger,
    title: `${year}年度服务台账（一企一档）`,
    orgName: org,
    period: `${year}年度`,
    columns: [
      { header: '单位编码', key: 'code', width: 12 },
      { header: '单位名称', key: 'name', width: 26 },
      { header: '日期', key: 'date', width: 11 },
      { header: '服务类别', key: 'category', width: 12 },
      { header: '服务内容', key: 'title', width: 30 },
      { header: '服务人数', key: 'people', kind: 'int', width: 9 },
      { header: '金额', key: 'amount', kind: 'amount' },
      { header: '支出申请', key: 'expense', width: 10 },
      { header: '满意度', key: 'sat', width: 8, kind: 'number' },
      { header: '结果', key: 'resolved', width: 8 },
      { header: '服务提供方', key: 'provider', width: 14 },
    ],
  });
  const rows = [...list.rows].sort((a, b) => a.unit.code.localeCompare(b.unit.code) || a.date.localeCompare(b.date));
  for (const r of rows) {
    tw.row({
      code: r.unit.code, name: r.unit.name, date: r.date, category: r.category, title: r.title, people: r.people, amount: r.amountFen,
      expense: r.expenseRequestId ? String(r.expenseRequestId) : null, sat: r.satisfaction,
      resolved: r.resolved === null ? null : r.category === '工资集体协商' ? (r.resolved ? '达成' : '未达成') : r.resolved ? '已解决' : '未解决', provider: r.provider,
    });
  }
  tw.totalRow('合计', 'code', { people: rows.reduce((s, r) => s + r.people, 0) });
  tw.signatures(['经办人', '部门负责人', '日期']);

  if (unitId) {
    const bill = await serviceBill(db, unitId);
    const bs = wb.addWorksheet(ASSESS_SHEETS.bill, frozen(3));
    printSetup(bs);
    const bw = new TableWriter(bs, {
      sheetName: ASSESS_SHEETS.bill,
      title: `${bill.unit.name}服务账单（一企一档）`,
      orgName: org,
      period: `单位编码 ${bill.unit.code}`,
      columns: [
        { header: '年度', key: 'year', width: 8 },
        { header: '服务类别', key: 'category', width: 14 },
        { header: '次数', key: 'count', kind: 'int', width: 8 },
        { header: '服务人数', key: 'people', kind: 'int', width: 10 },
        { header: '金额', key: 'amount', kind: 'amount' },
        { header: '满意度', key: 'sat', width: 8 },
      ],
    });
    for (const y of bill.years) {
      for (const c of y.byCategory) bw.row({ year: String(y.year), category: c.category, count: c.count, people: c.people, amount: c.amountFen, sat: c.satisfaction });
      bw.row({ year: String(y.year), category: '小计', count: y.count, people: y.people, amount: y.amountFen, sat: y.satisfaction }, { bold: true });
    }
    for (const f of bill.fiveOnes) bw.note(`${f.year} 年“五个一”：已开展 ${f.held.join('、') || '无'}；未开展 ${f.missing.join('、') || '无'}`);
  }

  const c = await countySummary(db, year);
  const cs = wb.addWorksheet(ASSESS_SHEETS.county, frozen(3));
  printSetup(cs);
  const mw = new TableWriter(cs, {
    sheetName: ASSESS_SHEETS.county,
    title: `${year}年度全县服务汇总`,
    orgName: org,
    period: `${year}年度`,
    columns: [
      { header: '项目', key: 'label', width: 16 },
      { header: '次数 / 分子', key: 'a', kind: 'int', width: 12 },
      { header: '覆盖单位 / 分母', key: 'b', kind: 'int', width: 14 },
      { header: '服务人数', key: 'people', kind: 'int', width: 10 },
      { header: '金额', key: 'amount', kind: 'amount' },
      { header: '比率 / 满意度', key: 'value', width: 12 },
      { header: '口径', key: 'formula', width: 48 },
    ],
    signatures: ['制表', '部门负责人', '日期'],
  });
  for (const m of c.metrics) {
    mw.row({
      label: m.label, a: m.key === 'satisfaction' ? null : m.numerator, b: m.denominator,
      value: m.value === null ? '—' : m.key === 'satisfaction' ? `${m.value} 分` : `${(m.value * 100).toFixed(2)}%`, formula: m.formula,
    }, { bold: true });
  }
  for (const r of c.byCategory) mw.row({ label: r.category, a: r.count, b: r.units, people: r.people, amount: r.amountFen, value: r.satisfaction === null ? null : `${r.satisfaction} 分` });
  mw.row({ label: '合计', a: c.count, b: c.unitsServed, people: c.people, amount: c.amountFen }, { bold: true });
  mw.signatures();
  void BORDER;
  await wb.xlsx.writeFile(file);
  return { rows: rows.length };
}
