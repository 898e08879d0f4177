// 缴费基数导入 end to end: the clerk downloads the template listing the payers, fills it in with a bad
// amount and a bad month — both reported by row and column, nothing imported — fixes the file, previews
// (two new rows), imports, and the payer's history on 缴费单位与应缴 shows the new base.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Download, Locator, Page, TestInfo } from '@playwright/test';
import { test, expect, createUsersInCore, initialiseOrg, RESULTS_DIR } from './fixtures';
import { getSetting, SETTING } from '../../electron/core/settings';
import { makeCreditCode } from '../../shared/validate/creditCode';
import { beijingDate } from '../../shared/dates';

const PASSWORD = 'Passw0rd!2026';

class BasesImportPage {
  readonly root: Locator;
  readonly result: Locator;
  readonly confirm: Locator;
  constructor(private readonly page: Page) {
    this.root = page.getByTestId('collection-bases-page');
    this.result = page.getByTestId('collection-bases-result');
    this.confirm = page.getByTestId('collection-bases-import');
  }
  async downloadTemplate(saveTo: string): Promise<string> {
    const d: Promise<Download> = this.page.waitForEvent('download', { timeout: 60_000 });
    await this.page.getByTestId('collection-bases-template-payers').click();
    const file = await d;
    const p = path.join(saveTo, file.suggestedFilename());
    await file.saveAs(p);
    return p;
  }
  async chooseFile(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('collection-bases-file').click();
    await (await chooser).setFiles(file);
    await this.page.getByTestId('collection-bases-filename').filter({ hasText: path.basename(file) }).waitFor();
  }
  async preview(): Promise<void> {
    await this.page.getByTestId('collection-bases-preview').click();
    await this.result.waitFor();
  }
  stat(name: 'new' | 'changed' | 'unchanged' | 'errorcount'): Locator {
    return this.page.getByTestId(`collection-bases-${name}`);
  }
  errorRow(row: number): Locator {
    return this.page.locator(`[data-testid="collection-bases-error-row"][data-row="${row}"]`);
  }
}

async function screenshot(page: Page, testInfo: TestInfo, name: string, title: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  await page.screenshot({ path: file, fullPage: false });
  await testInfo.attach(title, { path: file, contentType: 'image/png' });
}

test.describe('缴费基数导入', () => {
  test('bad file reported by row and column, nothing imported; fixed file imported; the history shows the new base', async ({ page, core, frame, signIn, dataDir }, testInfo) => {
    test.setTimeout(120_000);
    await initialiseOrg(core);
    const org = (await getSetting<number | null>(core.db, SETTING.orgUnitId, null))!;
    await createUsersInCore(core, [{ username: 'cw_zhou', displayName: '周财务', password: PASSWORD, roles: ['财务部门'] }]);
    const now = new Date().toISOString();
    const town = await core.db.insertInto('unit').values({ code: 'LH00001', name: '城关镇工会联合会', kind: '工会联合会', org_type: '乡镇', parent_id: org, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const employers = [
      { n: 1, name: '鑫达机械有限公司', base: 100_000 },
      { n: 2, name: '远山物流有限公司', base: 80_000 },
    ].map((e) => ({ ...e, code: `JC0000${e.n}`, credit: makeCreditCode('91', '350125', `MA${String(e.n).padStart(6, '0')}`) }));
    for (const e of employers) {
      await core.db.insertInto('unit').values({
        code: e.code, name: e.name, kind: '基层工会', org_type: '企业', credit_code: e.credit, parent_id: town.id, union_status: '已建会',
        payroll_base_fen: e.base * 100, staff_count: 50, created_at: now, updated_at: now,
      }).execute();
    }
    const [xinda, yuanshan] = employers;
    // January of this year: in force whichever month the payers page opens on.
    const month = `${beijingDate(new Date()).slice(0, 4)}-01`;

    await page.reload();
    await signIn.signInAndWait('cw_zhou', PASSWORD);
    expect(await frame.allMenuLabels()).toContain('缴费基数导入');
    await frame.open('collection-bases', '缴费基数导入');
    const imp = new BasesImportPage(page);

    // The template lists the payers; the clerk fills in the month and the figures (with two mistakes).
    const template = await imp.downloadTemplate(dataDir);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['工资总额', '填写说明']);
    const ws = wb.getWorksheet('工资总额')!;
    expect(ws.getRow(2).getCell(1).value).toBe(xinda.code);
    expect(ws.getRow(3).getCell(1).value).toBe(yuanshan.code);
    const fill = async (file: string, xindaBase: string, yuanshanMonth: string) => {
      ws.getRow(2).getCell(4).value = month;
      ws.getRow(2).getCell(5).value = xindaBase;
      ws.getRow(2).getCell(6).value = 55;
      ws.getRow(3).getCell(4).value = yuanshanMonth;
      ws.getRow(3).getCell(5).value = 88000;
      await wb.xlsx.writeFile(file);
    };
    const badFile = path.join(dataDir, '工资总额（有错）.xlsx');
    await fill(badFile, '120000.123', '2026-13');

    await imp.chooseFile(badFile);
    await imp.preview();
    await expect(imp.result).toHaveAttribute('data-status', 'rejected');
    await expect(imp.stat('errorcount')).toHaveText('2');
    await expect(imp.errorRow(2)).toHaveAttribute('data-column', '月工资总额（元）（E列）');
    await expect(imp.errorRow(2)).toContainText('小数');
    await expect(imp.errorRow(3)).toHaveAttribute('data-column', '起始月份（D列）');
    await expect(imp.errorRow(3)).toContainText('无法识别');
    await expect(imp.confirm).toBeDisabled();
    await screenshot(page, testInfo, 'collection-bases-rejected.png', '缴费基数导入：错误按行列列出，未写入');
    const count = async () => Number((await core.db.selectFrom('collection_payroll_base').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(0);

    // Fixed: both rows new; import.
    const goodFile = path.join(dataDir, '工资总额（更正）.xlsx');
    await fill(goodFile, '120000.00', month);
    await imp.chooseFile(goodFile);
    await imp.preview();
    await expect(imp.result).toHaveAttribute('data-status', 'checked');
    await expect(imp.stat('new')).toHaveText('2');
    await expect(imp.stat('errorcount')).toHaveText('0');
    await expect(page.locator('[data-testid="collection-bases-row"][data-row="2"]')).toContainText('120,000.00');
    await imp.confirm.click();
    await expect(imp.result).toHaveAttribute('data-status', 'imported');
    await expect(page.getByTestId('collection-bases-status')).toContainText('新增 2 行');
    await screenshot(page, testInfo, 'collection-bases-imported.png', '缴费基数导入：已导入');
    expect(await count()).toBe(2);

    // The payer's history shows the new base.
    await frame.open('collection-payers', '缴费单位与应缴');
    await page.locator('[data-testid="collection-payer-row"]').filter({ hasText: xinda.name }).click();
    const drawer = page.getByTestId('collection-payer-drawer');
    await expect(drawer).toContainText(month);
    await expect(drawer).toContainText('120,000.00');
    await expect(drawer).toContainText('导入');
  });
});
