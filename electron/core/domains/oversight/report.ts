// 经审报告 workbook: 审查报告 (for a project: cover, scope, summary figures, findings, opinions, signatures),
// 问题清单, 整改台账 (year or unit), 问题统计 (by category and unit), 会议纪要 (the year's sessions).
import type { Executor } from '../../db/tx';
import { ExcelJS, TableWriter, printSetup, safeText, fenToYuan, AMOUNT_FORMAT, BORDER, type ColumnSpec } from '../../reports/excel';
import { orgName } from '../setup/org';
import { notFound } from '../../errors';
import { RECT_STATUSES, type RectStatus } from '../../../../shared/oversight/constants';
import type { OversightStats } from '../../../../shared/contract/oversight';
import { listFindings, listRect, projectDetail } from './service';
import { listSessions, sessionDetail } from './sessions';
import { today } from './common';

export const REPORT_SHEETS = {
  report: '审查报告',
  findings: '问题清单',
  ledger: '整改台账',
  stats: '问题统计',
  minutes: '会议纪要',
} as const;

export async function stats(db: Executor, year: number, now: Date, unitId?: number | null): Promise<OversightStats> {
  const findings = await listFindings(db, now, { year, unitId });
  const cats = await db.selectFrom('oversight_category').selectAll().orderBy('sort').execute();
  const byCategory = cats
    .map((c) => {
      const fs = findings.filter((f) => f.categoryId === c.id);
      return { categoryId: c.id, name: c.name, group: c.group_name, count: fs.length, amountFen: fs.reduce((s, f) => s + f.amountFen, 0) };
    })
    .filter((c) => c.count > 0);
  const units = new Map<number, OversightStats['byUnit'][number]>();
  for (const f of findings) {
    const u = units.get(f.unitId) ?? { unitId: f.unitId, unitName: f.unitName, count: 0, amountFen: 0, done: 0, total: 0 };
    u.count++;
    u.amountFen += f.amountFen;
    u.total++;
    if (f.rectification.status === '已整改' || f.rectification.status === '已销号') u.done++;
    units.set(f.unitId, u);
  }
  return {
    year,
    byCategory,
    byUnit: [...units.values()].sort((a, b) => b.count - a.count || a.unitId - b.unitId),
    byStatus: RECT_STATUSES.map((s) => ({ status: s as RectStatus, count: findings.filter((f) => f.rectification.status === s).length })),
    totalFindings: findings.length,
    totalAmountFen: findings.reduce((s, f) => s + f.amountFen, 0),
    overdue: findings.filter((f) => f.rectification.overdue).length,
  };
}

const FONT = '宋体';

function freeze(ws: ExcelJS.Worksheet, row: number) {
  ws.views = [{ state: 'frozen', ySplit: row, xSplit: 0 }];
}

export interface OversightReportSummary {
  sheets: string[];
  findings: number;
  rectifications: number;
  sessions: number;
}

export async function writeOversightReport(
  db: Executor,
  now: Date,
  input: { year: number; projectId?: number | null; unitId?: number | null },
  file: string,
): Promise<OversightReportSummary> {
  const org = await orgName(db);
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';
  const sheets: string[] = [];
  const project = input.projectId ? await projectDetail(db, input.projectId, now) : null;
  if (input.projectId && !project) throw notFound('审计项目');
  const scope = project ? { projectId: project.id } : { year: input.year, unitId: input.unitId };
  const period = project ? `${project.code} ${project.name}` : `${input.year}年度${input.unitId ? '' : '（全部单位）'}`;
  const findings = await listFindings(db, now, scope);
  const rects = await listRect(db, now, scope);

  // ── 审查报告 ──
  if (project) {
    const ws = wb.addWorksheet(REPORT_SHEETS.report);
    sheets.push(ws.name);
    printSetup(ws);
    ws.columns = [{ width: 18 }, { width: 22 }, { width: 40 }, { width: 16 }, { width: 30 }];
    let r = 0;
    const line = (label: string, value: string | number | null, opts: { amount?: boolean } = {}) => {
      r++;
      const row = ws.getRow(r);
      row.getCell(1).value = label;
      row.getCell(1).font = { name: FONT, size: 11, bold: true };
      const c = row.getCell(2);
      if (opts.amount && typeof value === 'number') {
        c.value = fenToYuan(value);
        c.numFmt = AMOUNT_FORMAT;
      } else c.value = value === null || value === '' ? '—' : safeText(String(value));
      c.font = { name: FONT, size: 11 };
      c.alignment = { wrapText: true, vertical: 'top' };
      ws.mergeCells(r, 2, r, 5);
    };
    const heading = (text: string) => {
      r += 1;
      ws.getRow(r).getCell(1).value = text;
      ws.getRow(r).getCell(1).font = { name: FONT, size: 12, bold: true };
      ws.mergeCells(r, 1, r, 5);
    };
    r++;
    ws.getRow(r).getCell(1).value = `关于${project.unitName}${project.name}的审查报告`;
    ws.getRow(r).getCell(1).font = { name: FONT, size: 16, bold: true };
    ws.getRow(r).getCell(1).alignment = { horizontal: 'center' };
    ws.mergeCells(r, 1, r, 5);
    heading('一、基本情况');
    line('编制单位', org);
    line('项目编号', project.code);
    line('项目名称', project.name);
    line('审计类型', project.kind);
    line('被审计单位', project.unitName);
    if (project.budgetBookTitle) line('审查的预算', project.budgetBookTitle);
    line('审计期间', project.periodFrom || project.periodTo ? `${project.periodFrom ?? ''} 至 ${project.periodTo ?? ''}` : null);
    line('审计组', [project.leader ? `组长 ${project.leader}` : null, project.team].filter(Boolean).join('；'));
    line('实施日期', project.startOn || project.endOn ? `${project.startOn ?? ''} 至 ${project.endOn ?? ''}` : null);
    line('审计依据', project.basis);
    line('审计范围', project.scope);
    line('审计方式', project.method);
    line('基本情况', project.summary);
    heading('二、主要数字');
    line('发现问题（个）', findings.length);
    line('涉及金额（元）', findings.reduce((s, f) => s + f.amountFen, 0), { amount: true });
    line('违纪违规（个）', findings.filter((f) => f.nature === '违纪违规').length);
    line('管理不规范（个）', findings.filter((f) => f.nature === '管理不规范').length);
    line('已整改/已销号（个）', findings.filter((f) => f.rectification.status === '已整改' || f.rectification.status === '已销号').length);
    heading('三、值得肯定的方面');
    line('', project.strengths);
    heading('四、发现的问题');
    r++;
    const hdr = ws.getRow(r);
    ['序号', '问题类别', '问题描述（事实）', '涉及金额', '依据条款 / 性质'].forEach((h, i) => {
      const c = hdr.getCell(i + 1);
      c.value = h;
      c.font = { name: FONT, size: 10, bold: true };
      c.border = BORDER;
      c.alignment = { horizontal: 'center', wrapText: true };
    });
    for (const f of findings) {
      r++;
      const row = ws.getRow(r);
      const vals: Array<string | number> = [f.seq, f.categoryName, f.description, fenToYuan(f.amountFen), `${f.basis ?? ''}（${f.nature}，${f.severity}）`];
      vals.forEach((v, i) => {
        const c = row.getCell(i + 1);
        c.value = typeof v === 'string' ? safeText(v) : v;
        c.border = BORDER;
        c.font = { name: FONT, size: 10 };
        c.alignment = { wrapText: true, vertical: 'top', horizontal: typeof v === 'number' ? 'right' : 'left' };
        if (i === 3) c.numFmt = AMOUNT_FORMAT;
      });
    }
    heading('五、审计意见和建议');
    line('', project.opinion);
    line('整改期限', project.deadline);
    for (const res of project.resolutions) line('经审会决议', `${res.label}（${res.heldOn}）：${res.decision ?? '未决'}${res.resolution ? `——${res.resolution}` : ''}`);
    r += 2;
    const sig = ws.getRow(r);
    sig.getCell(1).value = '经审会主任：';
    sig.getCell(3).value = '审计人员：';
    sig.getCell(5).value = `日期：${today(now)}`;
    sig.eachCell((c) => (c.font = { name: FONT, size: 11 }));
  }

  // ── 问题清单 ──
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.findings);
    sheets.push(ws.name);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '序号', key: 'no', kind: 'int', width: 6 },
      { header: '项目编号', key: 'code', width: 12 },
      { header: '被审计单位', key: 'unit', width: 22 },
      { header: '问题类别', key: 'category', width: 18 },
      { header: '问题描述', key: 'description', width: 40 },
      { header: '涉及金额', key: 'amount', kind: 'amount' },
      { header: '依据条款', key: 'basis', width: 24 },
      { header: '严重程度', key: 'severity', width: 8 },
      { header: '问题性质', key: 'nature', width: 10 },
      { header: '证据', key: 'evidence', width: 40 },
      { header: '被审计单位反馈', key: 'response', width: 30 },
      { header: '整改状态', key: 'status', width: 8 },
    ];
    const t = new TableWriter(ws, { sheetName: ws.name, title: '审计发现问题清单', orgName: org, period, columns, signatures: ['经审会主任', '审计人员', '制表', '日期'] });
    freeze(ws, t.currentRow);
    findings.forEach((f, i) =>
      t.row({
        no: i + 1, code: `${f.projectCode}-${f.seq}`, unit: f.unitName, category: f.categoryName, description: f.description, amount: f.amountFen,
        basis: f.basis, severity: f.severity, nature: f.nature,
        evidence: f.evidence.filter((e) => e.purpose === '问题').map((e) => e.label).join('\n'), response: f.response, status: f.rectification.status,
      }),
    );
    t.totalRow('合计', 'code');
    t.signatures();
  }

  // ── 整改台账 ──
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.ledger);
    sheets.push(ws.name);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '序号', key: 'no', kind: 'int', width: 6 },
      { header: '审计项目', key: 'project', width: 22 },
      { header: '被审计单位', key: 'unit', width: 20 },
      { header: '问题类别', key: 'category', width: 16 },
      { header: '问题描述', key: 'description', width: 36 },
      { header: '涉及金额', key: 'amount', kind: 'amount' },
      { header: '依据条款', key: 'basis', width: 20 },
      { header: '整改要求', key: 'requirement', width: 24 },
      { header: '整改措施', key: 'measures', width: 30 },
      { header: '责任领导', key: 'leader', width: 10 },
      { header: '责任人', key: 'person', width: 10 },
      { header: '整改时限', key: 'deadline', width: 12 },
      { header: '整改状态', key: 'status', width: 10 },
      { header: '整改完成日期', key: 'completed', width: 12 },
      { header: '整改结果', key: 'result', width: 24 },
      { header: '佐证材料', key: 'evidence', width: 30 },
      { header: '销号审核人', key: 'verifier', width: 10 },
      { header: '销号日期', key: 'verifiedOn', width: 12 },
      { header: '备注', key: 'note', width: 16 },
    ];
    const t = new TableWriter(ws, { sheetName: ws.name, title: '审计整改台账', orgName: org, period, columns, signatures: ['经审会主任', '被审计单位负责人', '制表', '日期'] });
    freeze(ws, t.currentRow);
    const byFinding = new Map(findings.map((f) => [f.id, f]));
    rects.forEach((x, i) => {
      const f = byFinding.get(x.findingId);
      t.row({
        no: i + 1, project: `${x.projectCode} ${x.projectName}`, unit: x.unitName, category: x.categoryName, description: x.description, amount: x.amountFen,
        basis: x.basis, requirement: x.requirement, measures: x.measures, leader: x.leader, person: x.person, deadline: x.deadline, status: x.status,
        completed: x.completedOn, result: x.result,
        evidence: f ? f.evidence.filter((e) => e.purpose === '整改').map((e) => e.label).join('\n') : null,
        verifier: x.verifiedName, verifiedOn: x.verifiedAt?.slice(0, 10) ?? null, note: [x.overdue ? '已逾期' : null, x.note].filter(Boolean).join('；'),
      });
    });
    t.totalRow('合计', 'project');
    t.signatures();
  }

  // ── 问题统计 ──
  {
    const st = await stats(db, input.year, now, project ? null : input.unitId);
    const ws = wb.addWorksheet(REPORT_SHEETS.stats);
    sheets.push(ws.name);
    printSetup(ws);
    const columns: ColumnSpec[] = [
      { header: '分组', key: 'group', width: 16 },
      { header: '项目', key: 'name', width: 28 },
      { header: '问题数', key: 'count', kind: 'int', width: 10 },
      { header: '涉及金额', key: 'amount', kind: 'amount' },
      { header: '已整改/已销号', key: 'done', kind: 'int', width: 14 },
    ];
    const t = new TableWriter(ws, { sheetName: ws.name, title: `${input.year}年度审计问题统计`, orgName: org, period: `${input.year}年度`, columns });
    freeze(ws, t.currentRow);
    for (const c of st.byCategory) t.row({ group: `按类别：${c.group}`, name: c.name, count: c.count, amount: c.amountFen });
    for (const u of st.byUnit) t.row({ group: '按单位', name: u.unitName, count: u.count, amount: u.amountFen, done: u.done });
    for (const s of st.byStatus) t.row({ group: '按整改状态', name: s.status, count: s.count });
    t.row({ group: '合计', name: '全部问题', count: st.totalFindings, amount: st.totalAmountFen }, { bold: true });
    t.note(`逾期未整改：${st.overdue} 项（截至 ${today(now)}）`);
  }

  // ── 会议纪要 ──
  let sessionCount = 0;
  {
    const ws = wb.addWorksheet(REPORT_SHEETS.minutes);
    sheets.push(ws.name);
    printSetup(ws, true);
    const columns: ColumnSpec[] = [
      { header: '会议', key: 'session', width: 24 },
      { header: '日期', key: 'date', width: 12 },
      { header: '出席（计入法定人数）', key: 'attendance', width: 30 },
      { header: '议题', key: 'seq', kind: 'int', width: 6 },
      { header: '议题内容', key: 'title', width: 36 },
      { header: '决定', key: 'decision', width: 10 },
      { header: '决议', key: 'resolution', width: 40 },
      { header: '同意', key: 'for', kind: 'int', width: 6 },
      { header: '反对', key: 'against', kind: 'int', width: 6 },
      { header: '弃权', key: 'abstain', kind: 'int', width: 6 },
    ];
    const t = new TableWriter(ws, { sheetName: ws.name, title: `${input.year}年度经审会会议纪要`, orgName: org, period: `${input.year}年度`, columns, unitLabel: '' });
    freeze(ws, t.currentRow);
    let sessions = await listSessions(db, { year: input.year });
    if (project) {
      const ids = new Set(project.resolutions.map((r) => r.sessionId));
      sessions = sessions.filter((s) => ids.has(s.id));
    }
    for (const s of sessions.sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.id - b.id)) {
      const d = await sessionDetail(db, s.id);
      sessionCount++;
      const att = `${d.attendees.filter((a) => a.attendance === '出席').map((a) => `${a.name}${a.counted ? '' : '（不计）'}`).join('、')}；现任 ${d.memberCount} 人，计入 ${d.countedCount} 人，${d.quorate ? '达到' : '未达到'}法定人数`;
      if (!d.agenda.length) t.row({ session: d.title, date: d.heldOn, attendance: att });
      for (const g of d.agenda) {
        t.row({
          session: d.title, date: d.heldOn, attendance: att, seq: g.seq, title: g.refLabel ? `${g.title}（${g.refLabel}）` : g.title, decision: g.decision,
          resolution: g.resolution, for: g.votesFor, against: g.votesAgainst, abstain: g.votesAbstain,
        });
      }
      if (d.minutes) t.note(`${d.title} 纪要：${d.minutes}`);
    }
    t.signatures(['主持人', '记录人', '日期']);
  }

  await wb.xlsx.writeFile(file);
  return { sheets, findings: findings.length, rectifications: rects.length, sessions: sessionCount };
}

export function reportFileName(year: number, project: { code: string } | null): string {
  return project ? `审查报告_${project.code}.xlsx` : `经审报告_${year}年度.xlsx`;
}
