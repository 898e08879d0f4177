// Exports: 支出台账 (every request of a filter, streamed) and 三公经费统计, official-style tables.
import type { Executor } from '../../db/tx';
import { ExcelJS, TableWriter, printSetup } from '../../reports/excel';
import { orgName } from '../setup/org';
import { iterateRequests, sangongStats, type ListFilter } from './views';

export async function writeExpenseLedger(db: Executor, f: ListFilter, file: string, progress?: (done: number) => void): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const ws = wb.addWorksheet('支出台账', { views: [{ state: 'frozen', ySplit: 3 }] });
  printSetup(ws, true);
  const t = new TableWriter(
    ws,
    {
      sheetName: '支出台账',
      title: '支出台账',
      orgName: await orgName(db),
      period: f.year ? `${f.year}年度` : f.dateFrom || f.dateTo ? `${f.dateFrom ?? ''} 至 ${f.dateTo ?? ''}` : '全部年度',
      columns: [
        { header: '申请编号', key: 'number', width: 14 },
        { header: '申请日期', key: 'date', width: 12 },
        { header: '部门', key: 'unit', width: 16 },
        { header: '经办人', key: 'applicant', width: 10 },
        { header: '支出类型', key: 'kind', width: 10 },
        { header: '事由', key: 'purpose', width: 36 },
        { header: '收款人', key: 'payee', width: 20 },
        { header: '支付方式', key: 'method', width: 8 },
        { header: '申请金额', key: 'amount', kind: 'amount' },
        { header: '已付金额', key: 'paid', kind: 'amount' },
        { header: '三公类别', key: 'sangong', width: 16 },
        { header: '状态', key: 'status', width: 8 },
        { header: '当前环节', key: 'step', width: 16 },
      ],
      signatures: ['单位负责人', '财务负责人', '制表人', '日期'],
    },
    true,
  );
  let n = 0;
  for await (const rows of iterateRequests(db, f)) {
    for (const r of rows) {
      t.row({
        number: r.number, date: r.applyDate, unit: r.unitName, applicant: r.applicantName, kind: r.kind, purpose: r.purpose, payee: r.payeeName,
        method: r.payMethod, amount: r.amountFen, paid: r.paidFen, sangong: r.sangong ?? '', status: r.status, step: r.stepName,
      });
      n++;
    }
    progress?.(n);
  }
  t.totalRow();
  t.signatures();
  ws.commit();
  await wb.commit();
  return n;
}

export async function writeSangong(db: Executor, year: number, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('三公经费统计', { views: [{ state: 'frozen', ySplit: 3 }] });
  printSetup(ws, true);
  const t = new TableWriter(ws, {
    sheetName: '三公经费统计',
    title: `${year}年度三公经费统计表`,
    orgName: await orgName(db),
    period: `${year}年度`,
    columns: [
      { header: '项目', key: 'category', width: 26 },
      { header: '预算数', key: 'budget', kind: 'amount' },
      { header: '审批中（已占用）', key: 'committed', kind: 'amount' },
      { header: '已支付', key: 'paid', kind: 'amount' },
      { header: '预算余额', key: 'left', kind: 'amount' },
      { header: '笔数', key: 'count', kind: 'int', width: 8 },
      { header: `上年（${year - 1}）已支付`, key: 'last', kind: 'amount' },
      { header: '比上年增减', key: 'diff', kind: 'amount' },
    ],
    signatures: ['工会主席', '经费审查委员会主任', '财务负责人', '制表'],
  });
  for (const s of await sangongStats(db, year)) {
    t.row({
      category: s.category, budget: s.budgetFen, committed: s.committedFen, paid: s.paidFen, left: s.budgetFen - s.committedFen - s.paidFen,
      count: s.count, last: s.lastYearPaidFen, diff: s.paidFen - s.lastYearPaidFen,
    });
  }
  t.totalRow('三公经费合计');
  t.note('三公经费 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费；按“只减不增”要求与上年比较。');
  t.signatures();
  await wb.xlsx.writeFile(file);
}
