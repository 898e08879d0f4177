// Importing the tax agency's collection records (税务代征) and reference payroll data from Excel or CSV.
//
// Columns are found through a mapping (field → header text of the agency's file), given directly or as a
// saved named profile. Every bad cell is reported by row and column; payers not in the registry are
// listed (to match through an alias or to add to the registry); nothing is written while any blocking
// error exists. Imports are incremental: a record whose 税票号码 + payer is already stored (or repeated
// in the file with the same figures) is reported as a duplicate and skipped, never doubled. A preview
// (dryRun) runs every check and the split and writes nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { HandlerContext } from '../../context';
import { withTx, type Executor } from '../../db/tx';
import { bulkInsert, type Row } from '../../db/bulk';
import { invalid, notFound } from '../../errors';
import { actorOf, writeAudit, type Actor } from '../audit/log';
import { tryParseFen } from '../../../../shared/money';
import { normalizeCreditCode } from '../../../../shared/validate/creditCode';
import { normaliseHeader } from '../../../../shared/units';
import {
  COLLECTION_CLERKS, type FileColumns, type ImportIssue, type ImportPreviewRow, type ImportResult, type ProfileRow, type UnknownPayer,
} from '../../../../shared/contract/collection';
import { IMPORT_FIELDS, splitAmount, type ImportTarget, type ReferenceSource } from '../../../../shared/collection/split';
import { MODULE, assertRole, isSmallMicro, kindOfStatus, loadRules, ruleOn, splitRuleOf, yuan } from './common';
import { FileReadError, cellText, colLetter, findHeaderRow, parseDate, parsePeriod, readSheet, type Cell, type Sheet } from './fileread';

const MAX_LISTED = 500;
const PREVIEW_ROWS = 50;

// ── profiles ──────────────────────────────────────────────────────────────────────────────────────────

function profileRow(r: { id: number; name: string; target: string; mapping_json: string; updated_at: string }): ProfileRow {
  return { id: r.id, name: r.name, target: r.target as ImportTarget, mapping: JSON.parse(r.mapping_json), updatedAt: r.updated_at };
}

export async function listProfiles(db: Executor, target?: ImportTarget): Promise<ProfileRow[]> {
  let q = db.selectFrom('collection_profile').selectAll().orderBy('name');
  if (target) q = q.where('target', '=', target);
  return (await q.execute()).map(profileRow);
}

function checkMapping(target: ImportTarget, mapping: Record<string, string>) {
  const fields = IMPORT_FIELDS[target];
  const unknown = Object.keys(mapping).filter((k) => !fields.some((f) => f.key === k));
  if (unknown.length) throw invalid(`列映射中有未知的字段：${unknown.join('、')}`);
  const missing = fields.filter((f) => f.required && !mapping[f.key]?.trim());
  if (missing.length) {
    throw invalid(`列映射缺少必需的字段：${missing.map((f) => f.label).join('、')}`, missing.map((f) => ({ path: `mapping.${f.key}`, message: '请选择对应的列' })));
  }
}

export async function saveProfile(db: Executor, actor: Actor, now: Date, input: { name: string; target: ImportTarget; mapping: Record<string, string> }): Promise<ProfileRow> {
  const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
  checkMapping(input.target, mapping);
  return withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '保存列映射方案');
    const at = now.toISOString();
    const json = JSON.stringify(mapping);
    const existing = await trx.selectFrom('collection_profile').selectAll().where('target', '=', input.target).where('name', '=', input.name).executeTakeFirst();
    if (existing) await trx.updateTable('collection_profile').set({ mapping_json: json, updated_at: at }).where('id', '=', existing.id).execute();
    else await trx.insertInto('collection_profile').values({ name: input.name, target: input.target, mapping_json: json, created_at: at, updated_at: at, created_by: actor.userId }).execute();
    const row = await trx.selectFrom('collection_profile').selectAll().where('target', '=', input.target).where('name', '=', input.name).executeTakeFirstOrThrow();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: existing ? '修改列映射方案' : '新增列映射方案', targetType: '列映射方案', targetId: row.id,
      summary: `${input.target}导入方案“${input.name}”`, before: existing ? JSON.parse(existing.mapping_json) : null, after: mapping,
    });
    return profileRow(row);
  });
}

export async function deleteProfile(db: Executor, actor: Actor, now: Date, id: number): Promise<void> {
  await withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '删除列映射方案');
    const row = await trx.selectFrom('collection_profile').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('列映射方案');
    await trx.updateTable('collection_batch').set({ profile_id: null }).where('profile_id', '=', id).execute();
    await trx.deleteFrom('collection_profile').where('id', '=', id).execute();
    await writeAudit(trx, now, actor, { module: MODULE, action: '删除列映射方案', targetType: '列映射方案', targetId: id, summary: `删除方案“${row.name}”`, before: JSON.parse(row.mapping_json) });
  });
}

// ── columns of a file ─────────────────────────────────────────────────────────────────────────────────

export async function fileColumns(ctx: HandlerContext, uploadId: string, target: ImportTarget): Promise<FileColumns> {
  const upload = ctx.files.uploadPath(uploadId);
  let sheet: Sheet;
  try {
    sheet = await readSheet(upload.path, upload.name);
  } catch (e) {
    if (e instanceof FileReadError) throw invalid(e.message);
    throw e;
  }
  const h = findHeaderRow(sheet, []);
  if (h === null) throw invalid('文件中没有找到表头行。');
  const headers = (sheet.rows[h] ?? []).map((c) => cellText(c)).filter(Boolean);
  const normal = new Map(headers.map((x) => [normaliseHeader(x), x]));
  const suggested: Record<string, string> = {};
  for (const f of IMPORT_FIELDS[target]) {
    const g = f.guesses.map(normaliseHeader).find((x) => normal.has(x));
    if (g) suggested[f.key] = normal.get(g)!;
  }
  return {
    fileName: upload.name, sheet: sheet.name, headerRow: h + 1, headers, suggested,
    sample: sheet.rows.slice(h + 1, h + 6).map((r) => headers.map((_, i) => cellText(r[i]))),
  };
}

// ── payers ────────────────────────────────────────────────────────────────────────────────────────────

interface PayerIndex {
  byCode: Map<string, number>;
  byName: Map<string, number[]>;
  alias: Map<string, number>;
  units: Map<number, { name: string; union_status: string | null; kind: string }>;
}

async function payerIndex(db: Executor): Promise<PayerIndex> {
  const units = await db.selectFrom('unit').select(['id', 'name', 'credit_code', 'union_status', 'kind']).where('active', '=', 1).execute();
  const idx: PayerIndex = { byCode: new Map(), byName: new Map(), alias: new Map(), units: new Map() };
  for (const u of units) {
    idx.units.set(u.id, { name: u.name, union_status: u.union_status, kind: u.kind });
    if (u.kind !== '基层工会') continue;
    if (u.credit_code) idx.byCode.set(normalizeCreditCode(u.credit_code), u.id);
    const n = normName(u.name);
    idx.byName.set(n, [...(idx.byName.get(n) ?? []), u.id]);
  }
  for (const a of await db.selectFrom('collection_payer_alias').select(['key', 'unit_id']).execute()) idx.alias.set(a.key, a.unit_id);
  return idx;
}

function normName(s: string): string {
  return s.replace(/[\s\u3000]+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

function matchPayer(idx: PayerIndex, name: string, code: string | null): { unitId: number | null; key: string } {
  const key = code ? `code:${code}` : `name:${normName(name)}`;
  if (code && idx.byCode.has(code)) return { unitId: idx.byCode.get(code)!, key };
  if (idx.alias.has(key)) return { unitId: idx.alias.get(key)!, key };
  const byName = idx.byName.get(normName(name));
  if (byName?.length === 1 && !code) return { unitId: byName[0], key };
  if (code && byName?.length === 1) {
    // A name match with a different or missing registry code: still ask the clerk.
    return { unitId: null, key };
  }
  const nameAlias = idx.alias.get(`name:${normName(name)}`);
  if (nameAlias) return { unitId: nameAlias, key };
  return { unitId: null, key };
}

export async function matchPayerAlias(db: Executor, actor: Actor, now: Date, input: { key: string; unitId: number }): Promise<void> {
  if (!/^(code|name):.+/.test(input.key)) throw invalid('对应关系的标识无效。');
  await withTx(db, async (trx) => {
    await assertRole(trx, actor, COLLECTION_CLERKS, '对应缴费单位');
    const u = await trx.selectFrom('unit').select(['id', 'name', 'kind']).where('id', '=', input.unitId).executeTakeFirst();
    if (!u) throw notFound('单位');
    if (u.kind !== '基层工会') throw invalid(`“${u.name}”不是基层工会（建会单位），不能作为缴费单位。`);
    await trx.insertInto('collection_payer_alias').values({ key: input.key, unit_id: input.unitId, created_at: now.toISOString(), created_by: actor.userId })
      .onConflict((oc) => oc.column('key').doUpdateSet({ unit_id: input.unitId })).execute();
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '对应缴费单位', targetType: '单位', targetId: input.unitId,
      summary: `文件中的缴费人 ${input.key.replace(/^code:/, '信用代码 ').replace(/^name:/, '名称 ')} 对应到“${u.name}”`,
    });
  });
}

async function candidates(db: Executor, name: string): Promise<UnknownPayer['candidates']> {
  const core = normName(name).replace(/(有限责任公司|股份有限公司|有限公司|公司|工会|委员会)$/g, '').slice(0, 6);
  if (core.length < 2) return [];
  const rows = await db.selectFrom('unit').select(['id', 'name', 'credit_code']).where('kind', '=', '基层工会').where('active', '=', 1)
    .where('name', 'like', `%${core}%`).limit(5).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code }));
}

// ── the import ────────────────────────────────────────────────────────────────────────────────────────

interface ParsedRecord {
  row: number;
  unitId: number;
  payerName: string;
  creditCode: string | null;
  taxVoucherNo: string;
  period: string;
  paidOn: string;
  amountFen: number;
  declaredBaseFen: number | null;
  kind: '经费' | '筹备金';
}

interface ParsedReference {
  row: number;
  unitId: number;
  year: number;
  wageFen: number;
  staffCount: number | null;
  source: ReferenceSource;
}

export interface RunImportInput {
  uploadId: string;
  target: ImportTarget;
  profileId?: number;
  mapping?: Record<string, string>;
  referenceSource: ReferenceSource;
  dryRun: boolean;
}

export interface PreparedImport {
  /** The checked result (status as it will be once committed, or rejected/checked). */
  result: ImportResult;
  /** Writes the checked rows (the database phase); absent for previews and rejected files. */
  commit?: () => Promise<ImportResult>;
}

/** Reads, checks and splits (no write); `commit` then writes in one transaction. */
export async function runImport(ctx: HandlerContext, input: RunImportInput): Promise<ImportResult> {
  const p = await prepareImport(ctx, input);
  return p.commit ? p.commit() : p.result;
}

export async function prepareImport(ctx: HandlerContext, input: RunImportInput): Promise<PreparedImport> {
  const actor = actorOf(ctx);
  await assertRole(ctx.db, actor, COLLECTION_CLERKS, '导入经费收缴数据');
  const upload = ctx.files.uploadPath(input.uploadId);
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  let errorCount = 0;
  let sheetName = upload.name;
  const err = (row: number | null, column: string | null, message: string) => {
    errorCount++;
    if (errors.length < MAX_LISTED) errors.push({ sheet: sheetName, row, column, message });
  };
  const result = (over: Partial<ImportResult>): ImportResult => ({
    target: input.target, status: errorCount ? 'rejected' : input.dryRun ? 'checked' : 'imported', fileName: upload.name,
    sheet: sheetName, headerRow: null, rows: 0, newRows: 0, duplicates: 0, duplicateRows: [], totalFen: 0, errors, errorCount, warnings,
    unknownPayers: [], preview: [], batchId: null, ...over,
  });

  // The mapping.
  let mapping = input.mapping;
  let profileId: number | null = null;
  if (input.profileId) {
    const p = await ctx.db.selectFrom('collection_profile').selectAll().where('id', '=', input.profileId).executeTakeFirst();
    if (!p) throw notFound('列映射方案');
    if (p.target !== input.target) throw invalid(`方案“${p.name}”用于${p.target}导入，不能用于${input.target}导入。`);
    mapping = JSON.parse(p.mapping_json);
    profileId = p.id;
  }
  if (!mapping) throw invalid('请选择列映射方案或设置列映射。');
  mapping = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v?.trim()));
  checkMapping(input.target, mapping);

  ctx.progress(0, 1, '正在读取文件…');
  let sheet: Sheet;
  try {
    sheet = await readSheet(upload.path, upload.name);
  } catch (e) {
    if (e instanceof FileReadError) { err(null, null, e.message); return { result: result({}) }; }
    throw e;
  }
  sheetName = sheet.name;
  const headerIdx = findHeaderRow(sheet, Object.values(mapping));
  if (headerIdx === null) {
    const firstHeads = new Set((sheet.rows[findHeaderRow(sheet, []) ?? 0] ?? []).map((c) => normaliseHeader(cellText(c))));
    for (const [k, h] of Object.entries(mapping)) {
      if (!firstHeads.has(normaliseHeader(h))) {
        const label = IMPORT_FIELDS[input.target].find((f) => f.key === k)?.label ?? k;
        err(null, h, `文件中找不到列“${h}”（${label}）：请检查列映射方案是否适用于这个文件`);
      }
    }
    if (!errorCount) err(null, null, '文件前 10 行中找不到包含所有映射列名的表头行');
    return { result: result({}) };
  }
  const heads = (sheet.rows[headerIdx] ?? []).map((c) => normaliseHeader(cellText(c)));
  const col = new Map<string, { index: number; label: string }>();
  for (const [k, h] of Object.entries(mapping)) {
    const i = heads.indexOf(normaliseHeader(h));
    col.set(k, { index: i, label: `${h}（${colLetter(i + 1)}列）` });
  }
  const get = (r: Cell[], k: string): Cell => { const c = col.get(k); return c ? (r[c.index] ?? null) : null; };
  const label = (k: string) => col.get(k)?.label ?? k;
  const idx = await payerIndex(ctx.db);
  const unknown = new Map<string, UnknownPayer>();
  const dataRows: Array<{ row: number; cells: Cell[] }> = [];
  for (let i = headerIdx + 1; i < sheet.rows.length; i++) {
    const cells = sheet.rows[i] ?? [];
    if (cells.every((c) => c === null || c === undefined || cellText(c) === '')) continue;
    // Agencies' files end with a 合计 line: skip it as a note.
    const first = cellText(cells.find((c) => cellText(c) !== '') ?? null);
    if (/^(合计|总计|小计)/.test(first)) { warnings.push({ sheet: sheetName, row: i + 1, column: null, message: `跳过合计行“${first}”` }); continue; }
    dataRows.push({ row: i + 1, cells });
  }
  if (!dataRows.length) { err(null, null, `表头（第 ${headerIdx + 1} 行）以下没有数据行`); return { result: result({ headerRow: headerIdx + 1 }) }; }

  const payerOf = (row: number, cells: Cell[]): { unitId: number | null; name: string; code: string | null } => {
    const name = cellText(get(cells, 'payerName'));
    const rawCode = cellText(get(cells, 'creditCode'));
    const code = rawCode ? normalizeCreditCode(rawCode) : null;
    if (!name && !code) { err(row, label('payerName'), '缴费人名称为空'); return { unitId: null, name, code }; }
    const m = matchPayer(idx, name, code);
    if (m.unitId === null) {
      const u = unknown.get(m.key) ?? { key: m.key, name, creditCode: code, rows: [], candidates: [] };
      u.rows.push(row);
      unknown.set(m.key, u);
      err(row, label(code ? 'creditCode' : 'payerName'), `缴费人“${name}”${code ? `（${code}）` : ''}不在单位名录中：请对应到已有单位或先在单位名录中新增`);
    }
    return { unitId: m.unitId, name, code };
  };

  const finishUnknown = async () => {
    const list = [...unknown.values()];
    for (const u of list.slice(0, 50)) u.candidates = await candidates(ctx.db, u.name);
    return list;
  };

  if (input.target === '参考工资') {
    const parsed: ParsedReference[] = [];
    const seen = new Map<string, number>();
    for (const { row, cells } of dataRows) {
      const p = payerOf(row, cells);
      const yText = cellText(get(cells, 'year')).replace(/年度?$/, '');
      const year = /^\d{4}$/.test(yText) ? Number(yText) : null;
      if (year === null || year < 2000 || year > 2100) err(row, label('year'), `年度“${yText}”无效，应为四位年份`);
      const wageCell = get(cells, 'wage');
      const wage = wageCell === null ? null : tryParseFen(typeof wageCell === 'number' ? wageCell : cellText(wageCell));
      if (!wage) err(row, label('wage'), '工资薪金为空');
      else if (!wage.ok) err(row, label('wage'), wage.message);
      else if (wage.fen < 0) err(row, label('wage'), '工资薪金不能为负数');
      const sc = cellText(get(cells, 'staffCount'));
      const staff = sc === '' ? null : /^\d+$/.test(sc) ? Number(sc) : NaN;
      if (Number.isNaN(staff)) err(row, label('staffCount'), `人数“${sc}”不是整数`);
      if (p.unitId !== null && year !== null && wage?.ok && wage.fen >= 0 && !Number.isNaN(staff)) {
        const key = `${p.unitId}|${year}`;
        if (seen.has(key)) err(row, label('payerName'), `与第 ${seen.get(key)} 行是同一单位同一年度`);
        seen.set(key, row);
        parsed.push({ row, unitId: p.unitId, year, wageFen: wage.fen, staffCount: staff, source: input.referenceSource });
      }
    }
    const unknownPayers = await finishUnknown();
    if (errorCount) return { result: result({ headerRow: headerIdx + 1, rows: dataRows.length, unknownPayers }) };
    const existing = new Map<string, { id: number; wage_fen: number }>();
    for (let i = 0; i < parsed.length; i += 500) {
      const part = parsed.slice(i, i + 500);
      const rows = await ctx.db.selectFrom('collection_reference').select(['id', 'unit_id', 'year', 'wage_fen'])
        .where('source', '=', input.referenceSource).where('unit_id', 'in', part.map((p) => p.unitId)).execute();
      for (const r of rows) existing.set(`${r.unit_id}|${r.year}`, { id: r.id, wage_fen: r.wage_fen });
    }
    const dup = parsed.filter((p) => existing.get(`${p.unitId}|${p.year}`)?.wage_fen === p.wageFen);
    const fresh = parsed.filter((p) => existing.get(`${p.unitId}|${p.year}`)?.wage_fen !== p.wageFen);
    for (const p of fresh.filter((x) => existing.has(`${x.unitId}|${x.year}`)).slice(0, MAX_LISTED)) {
      warnings.push({ sheet: sheetName, row: p.row, column: label('wage'), message: `已有该单位 ${p.year} 年的${p.source}数据，将以本次导入的数字替换` });
    }
    const base = {
      headerRow: headerIdx + 1, rows: dataRows.length, newRows: fresh.length, duplicates: dup.length,
      duplicateRows: dup.slice(0, MAX_LISTED).map((p) => ({ row: p.row, taxVoucherNo: `${p.year}年`, payerName: idx.units.get(p.unitId)!.name, existingId: existing.get(`${p.unitId}|${p.year}`)!.id })),
      totalFen: fresh.reduce((a, p) => a + p.wageFen, 0),
    };
    if (input.dryRun) return { result: result(base) };
    const now = ctx.now();
    const commit = async () => { const batchId = await withTx(ctx.db, async (trx) => {
      const batch = await insertBatch(trx, actor, now, input.target, upload.name, upload.path, profileId, dataRows.length, fresh.length, dup.length);
      const at = now.toISOString();
      for (const p of fresh) {
        await trx.insertInto('collection_reference').values({
          unit_id: p.unitId, year: p.year, source: p.source, wage_fen: p.wageFen, staff_count: p.staffCount, batch_id: batch, created_at: at,
        }).onConflict((oc) => oc.columns(['unit_id', 'year', 'source']).doUpdateSet({ wage_fen: p.wageFen, staff_count: p.staffCount, batch_id: batch, created_at: at })).execute();
      }
      await writeAudit(trx, now, actor, {
        module: MODULE, action: '导入参考工资', targetType: '导入批次', targetId: batch,
        summary: `从“${upload.name}”导入${input.referenceSource}工资数据 ${fresh.length} 条（重复 ${dup.length} 条）`,
      });
      return batch;
    });
    return result({ ...base, batchId }); };
    return { result: result(base), commit };
  }

  // 税务代征 records.
  const rules = await loadRules(ctx.db);
  const payers = new Map((await ctx.db.selectFrom('collection_payer').selectAll().execute()).map((p) => [p.unit_id, p]));
  const parsed: ParsedRecord[] = [];
  for (const { row, cells } of dataRows) {
    const p = payerOf(row, cells);
    const voucher = cellText(get(cells, 'taxVoucherNo'));
    if (!voucher) err(row, label('taxVoucherNo'), '税票号码为空');
    else if (voucher.length > 40) err(row, label('taxVoucherNo'), '税票号码超过 40 个字符');
    const periodCell = get(cells, 'period');
    const period = periodCell === null ? null : parsePeriod(periodCell);
    if (periodCell === null) err(row, label('period'), '所属期为空');
    else if (!period) err(row, label('period'), `所属期“${cellText(periodCell)}”无法识别，应为 YYYY-MM 或日期`);
    const paidCell = get(cells, 'paidOn');
    const paidOn = paidCell === null ? null : parseDate(paidCell);
    if (paidCell === null) err(row, label('paidOn'), '入库日期为空');
    else if (!paidOn) err(row, label('paidOn'), `入库日期“${cellText(paidCell)}”无法识别，应为 YYYY-MM-DD`);
    const amountCell = get(cells, 'amount');
    const amount = amountCell === null ? null : tryParseFen(typeof amountCell === 'number' ? amountCell : cellText(amountCell));
    if (!amount) err(row, label('amount'), '实缴金额为空');
    else if (!amount.ok) err(row, label('amount'), amount.message);
    else if (amount.fen <= 0) err(row, label('amount'), '实缴金额应大于 0（退库、更正请在税务系统更正后重新导入）');
    const baseCell = get(cells, 'declaredBase');
    let declared: number | null = null;
    if (baseCell !== null) {
      const b = tryParseFen(typeof baseCell === 'number' ? baseCell : cellText(baseCell));
      if (!b.ok) err(row, label('declaredBase'), b.message);
      else if (b.fen < 0) err(row, label('declaredBase'), '计费依据不能为负数');
      else declared = b.fen;
    }
    const kindText = cellText(get(cells, 'kind'));
    let kind: '经费' | '筹备金' | null = null;
    if (kindText) {
      if (/筹备/.test(kindText)) kind = '筹备金';
      else if (/经费/.test(kindText)) kind = '经费';
      else err(row, label('kind'), `征收品目“${kindText}”无法识别，应为 工会经费 或 工会筹备金`);
    }
    if (paidOn && !rules.some((r) => r.effective_from <= paidOn)) err(row, label('paidOn'), `${paidOn} 没有生效的分成规则`);
    if (p.unitId !== null && voucher && voucher.length <= 40 && period && paidOn && amount?.ok && amount.fen > 0) {
      const status = idx.units.get(p.unitId)!.union_status;
      const k = kind ?? kindOfStatus(status);
      if (k === '经费' && status !== '已建会') {
        warnings.push({ sheet: sheetName, row, column: label('kind'), message: `“${p.name}”在单位名录中尚未建会，按建会筹备金处理` });
      }
      parsed.push({
        row, unitId: p.unitId, payerName: p.name || idx.units.get(p.unitId)!.name, creditCode: p.code, taxVoucherNo: voucher, period, paidOn,
        amountFen: amount.fen, declaredBaseFen: declared, kind: status === '已建会' ? k : '筹备金',
      });
    }
  }
  // Repeats within the file and records already stored.
  const inFile = new Map<string, ParsedRecord>();
  const dupRows: ImportResult['duplicateRows'] = [];
  let dupCount = 0;
  const fresh: ParsedRecord[] = [];
  const existing = new Map<string, number>();
  const vouchers = [...new Set(parsed.map((p) => p.taxVoucherNo))];
  for (let i = 0; i < vouchers.length; i += 500) {
    const part = vouchers.slice(i, i + 500);
    const rows = await ctx.db.selectFrom('collection_record').select(['id', 'tax_voucher_no', 'unit_id']).where('tax_voucher_no', 'in', part).execute();
    for (const r of rows) existing.set(`${r.tax_voucher_no}|${r.unit_id}`, r.id);
  }
  for (const p of parsed) {
    const key = `${p.taxVoucherNo}|${p.unitId}`;
    const before = inFile.get(key);
    if (before) {
      if (before.amountFen !== p.amountFen || before.period !== p.period) {
        err(p.row, label('taxVoucherNo'), `税票号码 ${p.taxVoucherNo} 与第 ${before.row} 行重复但金额或所属期不同`);
      } else {
        dupCount++;
        if (dupRows.length < MAX_LISTED) dupRows.push({ row: p.row, taxVoucherNo: p.taxVoucherNo, payerName: p.payerName, existingId: null });
      }
      continue;
    }
    inFile.set(key, p);
    const ex = existing.get(key);
    if (ex !== undefined) {
      dupCount++;
      if (dupRows.length < MAX_LISTED) dupRows.push({ row: p.row, taxVoucherNo: p.taxVoucherNo, payerName: p.payerName, existingId: ex });
      continue;
    }
    fresh.push(p);
  }
  const unknownPayers = await finishUnknown();
  const base = { headerRow: headerIdx + 1, rows: dataRows.length, duplicates: dupCount, duplicateRows: dupRows, unknownPayers };
  if (errorCount) return { result: result(base) };

  // Split each record by the rule in force on its 入库日期.
  const now = ctx.now();
  const at = now.toISOString();
  const rows: Row[] = new Array(fresh.length);
  const preview: ImportPreviewRow[] = [];
  let totalFen = 0;
  for (let i = 0; i < fresh.length; i++) {
    const p = fresh[i];
    const rule = ruleOn(rules, p.paidOn);
    const s = splitAmount(p.amountFen, splitRuleOf(rule), { held: p.kind === '筹备金', smallMicro: isSmallMicro(payers.get(p.unitId), p.paidOn) });
    totalFen += p.amountFen;
    rows[i] = {
      batch_id: 0, unit_id: p.unitId, tax_voucher_no: p.taxVoucherNo, period: p.period, paid_on: p.paidOn, amount_fen: p.amountFen,
      declared_base_fen: p.declaredBaseFen, kind: p.kind, channel: payers.get(p.unitId)?.channel ?? '税务代征', payer_name: p.payerName,
      payer_credit_code: p.creditCode, rule_id: rule.id, grassroots_fen: s.grassroots, county_fen: s.county, city_fen: s.city,
      province_fen: s.province, national_fen: s.national, fee_fen: s.fee, held_fen: s.held, refund_due_fen: s.refundDue, created_at: at,
    };
    if (preview.length < PREVIEW_ROWS) {
      preview.push({
        row: p.row, payerName: p.payerName, unitId: p.unitId, unitName: idx.units.get(p.unitId)!.name, taxVoucherNo: p.taxVoucherNo,
        period: p.period, paidOn: p.paidOn, amountFen: p.amountFen, kind: p.kind, grassrootsFen: s.grassroots, countyFen: s.county,
        upperFen: s.city + s.province + s.national, feeFen: s.fee, heldFen: s.held,
      });
    }
  }
  const summary = { ...base, newRows: fresh.length, totalFen, preview };
  if (input.dryRun) return { result: result(summary) };
  const commit = async () => { const batchId = await withTx(ctx.db, async (trx) => {
    const batch = await insertBatch(trx, actor, now, input.target, upload.name, upload.path, profileId, dataRows.length, fresh.length, dupCount);
    for (const r of rows) r.batch_id = batch;
    await bulkInsert(trx, 'collection_record', rows, { onBatch: (n) => ctx.progress(n, rows.length, `已写入 ${n} 条…`) });
    await writeAudit(trx, now, actor, {
      module: MODULE, action: '导入税务代征记录', targetType: '导入批次', targetId: batch,
      summary: `从“${upload.name}”导入收缴记录 ${fresh.length} 条，合计 ${yuan(totalFen)}（重复 ${dupCount} 条未导入）`,
    });
    return batch;
  });
  return result({ ...summary, batchId }); };
  return { result: result(summary), commit };
}

async function insertBatch(
  trx: Executor, actor: Actor, now: Date, target: ImportTarget, fileName: string, file: string, profileId: number | null,
  total: number, imported: number, dup: number,
): Promise<number> {
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const r = await trx.insertInto('collection_batch').values({
    target, file_name: fileName, sha256, profile_id: profileId, rows_total: total, rows_imported: imported, rows_duplicate: dup,
    created_at: now.toISOString(), created_by: actor.userId,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

