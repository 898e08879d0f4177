// The controls of a request, run at creation and again at every step (domain.md §7, §9.1):
// 无预算不支出, 手续不全不付款, 发票不规范不付款 (format, credit code, date, total, never twice across all
// requests and years), 能转账拒付现金, 三公 (reception rules) and forbidden purposes.
import type { Executor } from '../../db/tx';
import type { ExpenseCheckResult, ExpenseIssue, ExpenseRequestInput, BudgetLineFigure } from '../../../../shared/contract/expense';
import type { z } from 'zod';
import type { requestInput } from '../../../../shared/contract/expense';
import { KIND_SANGONG, type ExpenseKind, type Sangong } from '../../../../shared/expense/constants';
import { companionLimit, type ChecklistItem } from '../../../../shared/expense/rules';
import { invoiceKey, validateInvoice } from '../../../../shared/validate/invoice';
import { validateCreditCode } from '../../../../shared/validate/creditCode';
import { addFen, formatFen } from '../../../../shared/money';
import { checklistOf, type RulesInForce } from './rules';
import { lineFigure } from './budget';

export type RequestData = z.output<typeof requestInput>;
export type { ExpenseRequestInput };

const yuan = (fen: number) => `${formatFen(fen)} 元`;

function filled(v: unknown): boolean {
  return v !== null && v !== undefined && String(v).trim() !== '';
}

export function missingItems(items: ChecklistItem[], r: Pick<RequestData, 'extra' | 'invoices' | 'attachments'>): ChecklistItem[] {
  return items.filter((it) => {
    if (it.kind === 'invoice') return r.invoices.length === 0;
    if (it.kind === 'field') return !filled(r.extra[it.key]);
    return !r.attachments.some((a) => a.itemKey === it.key);
  });
}

export async function checkRequest(db: Executor, r: RequestData, requestId: number | null, rules: RulesInForce): Promise<ExpenseCheckResult> {
  const errors: ExpenseIssue[] = [];
  const warnings: ExpenseIssue[] = [];
  const err = (control: string, path: string | null, message: string) => errors.push({ control, path, message });
  const warn = (control: string, path: string | null, message: string) => warnings.push({ control, path, message });
  const year = Number(r.applyDate.slice(0, 4));

  // ── 金额: lines add up to the request ──
  const lineTotal = addFen(...r.lines.map((l) => l.amountFen));
  if (lineTotal !== r.amountFen) {
    err('金额', 'lines', `预算行金额合计 ${yuan(lineTotal)} 与申请金额 ${yuan(r.amountFen)} 不一致。`);
  }

  // ── 无预算不支出 ──
  const figures: BudgetLineFigure[] = [];
  const perKey = new Map<string, number>();
  for (const [i, l] of r.lines.entries()) {
    const k = { unitId: l.unitId, subjectCode: l.subjectCode, fundSource: l.fundSource, projectCode: l.projectCode ?? '' };
    const f = await lineFigure(db, year, k, requestId, rules);
    if (!f || f.budgetFen === 0) {
      err('预算', `lines.${i}`, `无预算不支出：第 ${i + 1} 行（${l.subjectCode}${k.projectCode ? ` 项目 ${k.projectCode}` : ''}，${l.fundSource}）在 ${year} 年度已批准的预算中没有预算。`);
      if (f) figures.push(f);
      continue;
    }
    figures.push(f);
    const want = (perKey.get(f.key) ?? 0) + l.amountFen;
    perKey.set(f.key, want);
    if (want > f.availableFen) {
      const msg = `第 ${i + 1} 行 ${f.subjectCode} ${f.subjectName}${f.projectName ? `（${f.projectName}）` : ''}：申请 ${yuan(want)} 超出可用预算 ${yuan(f.availableFen)}（预算 ${yuan(f.budgetFen)}，已占用 ${yuan(f.committedFen)}，已支付 ${yuan(f.paidFen)}）`;
      if (f.mode === '禁止') err('预算', `lines.${i}.amountFen`, `无预算不支出：${msg}。`);
      else warn('预算', `lines.${i}.amountFen`, `超预算警告：${msg}。`);
    }
  }

  // ── 发票不规范不付款 ──
  const keys = new Map<string, number>();
  r.invoices.forEach((inv, i) => {
    const where = `第 ${i + 1} 张发票`;
    const v = validateInvoice({ code: inv.code ?? null, number: inv.number, date: inv.date });
    if (!v.ok) err('发票', `invoices.${i}.number`, `${where}：${v.message}`);
    else for (const w of v.warnings) warn('发票', `invoices.${i}.number`, `${where}：${w}`);
    if (inv.sellerCreditCode) {
      const c = validateCreditCode(inv.sellerCreditCode);
      if (!c.ok) err('发票', `invoices.${i}.sellerCreditCode`, `${where}销售方统一社会信用代码：${c.message}`);
    }
    if (inv.date > r.applyDate) err('发票', `invoices.${i}.date`, `${where}：开票日期 ${inv.date} 晚于申请日期 ${r.applyDate}。`);
    if (inv.taxFen > inv.amountFen) err('发票', `invoices.${i}.taxFen`, `${where}：税额不能大于价税合计。`);
    const key = invoiceKey({ code: inv.code ?? null, number: inv.number });
    if (keys.has(key)) err('发票', `invoices.${i}.number`, `${where}与第 ${keys.get(key)! + 1} 张是同一张发票。`);
    else keys.set(key, i);
  });
  const invoiceTotal = addFen(...r.invoices.map((i) => i.amountFen));
  if (r.invoices.length && invoiceTotal !== r.amountFen) {
    err('发票', 'invoices', `发票金额合计 ${yuan(invoiceTotal)} 与申请金额 ${yuan(r.amountFen)} 不一致。`);
  }
  if (keys.size) {
    const dup = await db
      .selectFrom('expense_invoice as i')
      .innerJoin('expense_request as q', 'q.id', 'i.request_id')
      .select(['i.inv_key', 'i.invoice_number', 'q.number', 'q.status', 'q.applicant_name', 'q.apply_date'])
      .where('i.inv_key', 'in', [...keys.keys()])
      .where('q.id', '<>', requestId ?? -1)
      .where('q.status', 'not in', ['已驳回', '已撤回'])
      .execute();
    for (const d of dup) {
      const i = keys.get(d.inv_key)!;
      err('发票', `invoices.${i}.number`, `第 ${i + 1} 张发票（号码 ${d.invoice_number}）已在支出申请 ${d.number}（${d.applicant_name}，${d.apply_date}，${d.status}）中报销，同一张发票不能重复报销。`);
    }
  }

  // ── 能转账拒付现金 ──
  if (r.payMethod === '现金') {
    if (r.amountFen > rules.cashLimitFen) {
      err('现金', 'payMethod', `能转账拒付现金：现金支付不能超过 ${yuan(rules.cashLimitFen)}，本申请 ${yuan(r.amountFen)}，请改为转账或公务卡。`);
    } else if (!filled(r.cashReason)) {
      err('现金', 'cashReason', '现金支付须说明不能转账的原因。');
    }
  } else if (r.payMethod === '转账' && (!filled(r.payeeAccount) || !filled(r.payeeBank))) {
    err('现金', 'payeeAccount', '转账支付须填写收款人开户行和账号。');
  }

  // ── 三公 ──
  const sangong: Sangong | null = r.sangong ?? KIND_SANGONG[r.kind as ExpenseKind] ?? null;
  if (sangong === '公务接待费') {
    const guests = Number(r.extra.guestCount ?? 0);
    const companions = Number(r.extra.companionCount ?? 0);
    const meals = Number(r.extra.meals ?? 0);
    if (filled(r.extra.guestCount) && filled(r.extra.companionCount)) {
      const limit = companionLimit(guests, rules.reception);
      if (companions > limit) err('三公', 'extra.companionCount', `公务接待：来宾 ${guests} 人，陪餐不得超过 ${limit} 人（实际 ${companions} 人）。`);
    }
    if (filled(r.extra.meals) && meals > rules.reception.maxMeals) {
      err('三公', 'extra.meals', `公务接待：工作餐不得超过 ${rules.reception.maxMeals} 次（实际 ${meals} 次）。`);
    }
  }
  if (sangong) {
    for (const f of figures) {
      if (f.budgetFen > 0 && !f.sangong) warn('三公', null, `三公经费（${sangong}）使用的预算行 ${f.subjectCode}${f.projectName ? ` ${f.projectName}` : ''} 未标注三公类别，请核对是否应在三公预算中列支。`);
    }
  }

  // ── forbidden purposes (八不准) ──
  const texts = [r.purpose, ...r.invoices.map((i) => i.item ?? '')].join(' ');
  const hits = rules.forbiddenWords.filter((w) => w && texts.includes(w));
  if (hits.length) err('用途', 'purpose', `禁止的支出用途：事由或发票品目含“${hits.join('、')}”（全总“八不准”），不能报销。`);

  // ── 手续不全不付款 ──
  const checklist = checklistOf(rules, r.kind as ExpenseKind);
  const missing = missingItems(checklist, r);
  return { errors, warnings, missing, checklist, figures, sangong, invoiceTotalFen: invoiceTotal };
}

/** The missing checklist items as blocking issues (when advancing). */
export function missingAsErrors(missing: ChecklistItem[]): ExpenseIssue[] {
  if (!missing.length) return [];
  return [{ control: '手续', path: 'attachments', message: `手续不全不付款：缺少 ${missing.map((m) => m.label).join('、')}。` }];
}
