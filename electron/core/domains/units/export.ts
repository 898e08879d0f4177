// Units to Excel: the blank import template (填写说明 + 单位 with drop-downs, widths, frozen and
// protected header) and the 单位名录 list in the official table style (title, 编制单位, date, 合计).
// The list uses the template's header names, so an exported list can be edited and imported again.
import { ExcelJS, TableWriter, printSetup, type ColumnSpec } from '../../reports/excel';
import type { Executor } from '../../db/tx';
import { orgName } from '../setup/org';
import {
  ORG_TYPES_BY_KIND, UNIT_COLUMNS, UNIT_KINDS, UNIT_TEMPLATE_HELP_SHEET, UNIT_TEMPLATE_SHEET, type UnitColumnDef,
} from '../../../../shared/units';
import { localToday, sortedUnits, type UnitFilter } from './service';

const FONT = '宋体';
const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
/** Rows of the 单位 sheet that carry the drop-down lists and the column formats. */
const TEMPLATE_ROWS = 30_000;

function requirement(def: UnitColumnDef): string {
  if (def.valueRequired === 'always') return '必填';
  if (Array.isArray(def.valueRequired)) return `${def.valueRequired.join('、')}必填`;
  return def.required ? '列必须保留' : '选填';
}

export async function exportUnitTemplate(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '县级工会财务工作台';

  // 填写说明: what each column means, with the example row kept here (not in the data sheet).
  const help = wb.addWorksheet(UNIT_TEMPLATE_HELP_SHEET);
  help.columns = [{ width: 22 }, { width: 16 }, { width: 80 }, { width: 26 }];
  const title = help.addRow(['单位导入模板填写说明']);
  title.font = { name: FONT, size: 16, bold: true };
  help.mergeCells(1, 1, 1, 4);
  const rules = [
    `1. 请在“${UNIT_TEMPLATE_SHEET}”工作表第 1 行表头以下逐行填写，每行一个单位；不要修改表头文字，列的顺序可以调整，不需要的选填列可以删除。`,
    '2. 基层工会一行对应一个建会单位（用人单位）及其工会；统一社会信用代码填写用人单位的代码，系统会校验其校验位。',
    '3. 重复导入时，系统按统一社会信用代码（没有信用代码的按单位编码）找到已有单位并更新，不会重复登记；内容没有变化的单位不改动。',
    '4. 上级单位可填写名称、单位编码或统一社会信用代码；引用本表中的单位时，上级单位须排在下级单位之前。',
    '5. 只要有一处错误，整个文件都不会导入；请按系统列出的“工作表/行/列/问题”逐一改正后重新导入。可先用“仅检查”预览。',
    '6. 统一社会信用代码、银行账号等长数字请保持文本格式，以免 Excel 丢失末几位。金额单位为元，最多两位小数。',
  ];
  help.addRow([]);
  for (const r of rules) {
    const row = help.addRow([r]);
    help.mergeCells(row.number, 1, row.number, 4);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 30;
  }
  help.addRow([]);
  const head = help.addRow(['列名', '是否必填', '填写要求', '示例']);
  head.eachCell((c) => {
    c.font = { name: FONT, size: 10, bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    c.border = BORDER;
  });
  for (const def of UNIT_COLUMNS) {
    const row = help.addRow([def.header, requirement(def), def.help, def.example]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = { name: FONT, size: 10 };
      c.border = BORDER;
      c.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  help.addRow([]);
  const kinds = help.addRow(['各类别可选的单位性质']);
  kinds.font = { name: FONT, size: 11, bold: true };
  for (const k of UNIT_KINDS) {
    help.addRow([k, '', ORG_TYPES_BY_KIND[k].length ? ORG_TYPES_BY_KIND[k].join('、') : '（不填）']);
  }
  help.addRow([]);
  const ex = help.addRow(['填写示例（请勿把本示例复制到“单位”工作表）']);
  ex.font = { name: FONT, size: 11, bold: true };
  const exHead = help.addRow(UNIT_COLUMNS.map((c) => c.header));
  exHead.font = { name: FONT, size: 10, bold: true };
  help.addRow(UNIT_COLUMNS.map((c) => c.example));

  // 单位: the header, formats, drop-downs, frozen and protected header row; no data rows.
  const ws = wb.addWorksheet(UNIT_TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1, activeCell: 'A2' }] });
  ws.columns = UNIT_COLUMNS.map((def) => ({
    key: def.key,
    width: def.width,
    style: {
      font: { name: FONT, size: 10 },
      protection: { locked: false },
      numFmt: def.type === 'amount' ? '#,##0.00' : def.type === 'int' ? '0' : def.type === 'date' ? 'yyyy-mm-dd' : '@',
    },
  }));
  const header = ws.getRow(1);
  UNIT_COLUMNS.forEach((def, i) => {
    const c = header.getCell(i + 1);
    c.value = def.header;
    const must = def.valueRequired === 'always' || def.required;
    c.font = { name: FONT, size: 10, bold: true, color: { argb: must ? 'FFC00000' : 'FF000000' } };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    c.border = BORDER;
    c.protection = { locked: true };
    c.note = `${requirement(def)}。${def.help}`;
  });
  header.height = 30;
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  UNIT_COLUMNS.forEach((def, i) => {
    if (def.type !== 'list' || !def.options) return;
    const col = ws.getColumn(i + 1).letter;
    validations.add(`${col}2:${col}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${def.options.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: def.header,
      error: `请从下拉列表中选择：${def.options.join('、')}`,
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: UNIT_COLUMNS.length } };
  // The header is locked; data cells are not. No password: the office can lift it if it must.
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: true,
    formatColumns: true,
    formatRows: true,
    insertRows: true,
    deleteRows: true,
    sort: true,
    autoFilter: true,
  });
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
  await wb.xlsx.writeFile(file);
}

export async function exportUnitList(db: Executor, filter: UnitFilter, file: string, now: Date): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const ws = wb.addWorksheet('单位名录');
  printSetup(ws, true);
  const kindOf = (def: UnitColumnDef): ColumnSpec['kind'] => (def.type === 'int' ? 'int' : def.type === 'amount' ? 'amount' : 'text');
  const columns: ColumnSpec[] = [
    { header: '序号', key: 'seq', width: 7, kind: 'int' },
    ...UNIT_COLUMNS.map((def) => ({ header: def.header, key: def.key, width: def.width, kind: kindOf(def) })),
    { header: '状态', key: 'status', width: 8 },
  ];
  const t = new TableWriter(
    ws,
    {
      sheetName: '单位名录',
      title: '单位名录',
      orgName: await orgName(db),
      period: `截至 ${localToday(now)}`,
      columns,
    },
    true,
  );
  let seq = 0;
  let members = 0;
  let staff = 0;
  const PAGE = 5000;
  for (let offset = 0; ; offset += PAGE) {
    const rows = await sortedUnits(db, filter).limit(PAGE).offset(offset).execute();
    for (const r of rows) {
      members += r.member_count ?? 0;
      staff += r.staff_count ?? 0;
      t.row({
        seq: ++seq,
        code: r.code,
        name: r.name,
        shortName: r.short_name,
        kind: r.kind,
        orgType: r.org_type,
        ownership: r.ownership,
        creditCode: r.credit_code,
        unionCreditCode: r.union_credit_code,
        parent: r.parent_name,
        unionFoundedOn: r.union_founded_on,
        unionStatus: r.union_status,
        chair: r.chair,
        memberCount: r.member_count,
        staffCount: r.staff_count,
        payrollBaseFen: r.payroll_base_fen,
        bankName: r.bank_name,
        bankAccount: r.bank_account,
        contactPerson: r.contact_person,
        contactPhone: r.contact_phone,
        address: r.address,
        notes: r.notes,
        status: r.active === 1 ? '启用' : '停用',
      });
    }
    if (rows.length < PAGE) break;
  }
  t.totalRow('合计', 'name', { memberCount: members, staffCount: staff, code: `共 ${seq} 个` });
  t.signatures(['单位负责人', '制表人', '日期']);
  ws.commit();
  await wb.commit();
}
