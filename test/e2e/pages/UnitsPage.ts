// Page object: 单位名录 — filters, the paged table, the unit drawer and the Excel import dialog.
import type { Locator, Page } from '@playwright/test';

/** "1,234" → 1234. */
function toInt(text: string): number {
  return Number(text.replace(/[,\s]/g, ''));
}

export interface ImportIssueRow {
  sheet: string;
  row: string;
  column: string;
  message: string;
}

export class UnitsPage {
  readonly root: Locator;
  readonly total: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly newButton: Locator;
  readonly importButton: Locator;
  readonly templateButton: Locator;
  readonly exportButton: Locator;
  readonly keyword: Locator;
  readonly kindFilter: Locator;
  readonly pagination: Locator;
  // import dialog
  readonly importDialog: Locator;
  readonly importResult: Locator;
  readonly importErrorsAlert: Locator;
  readonly importErrors: Locator;
  readonly importOk: Locator;
  readonly importConfirm: Locator;
  readonly importDone: Locator;
  readonly importFinish: Locator;
  readonly importClose: Locator;
  readonly importChooseAgain: Locator;
  // drawer
  readonly drawer: Locator;
  readonly drawerTitle: Locator;
  readonly save: Locator;
  readonly saveError: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('units-page');
    this.total = page.getByTestId('units-total');
    this.table = page.getByTestId('units-table');
    this.rows = this.table.getByTestId('unit-row');
    this.newButton = page.getByTestId('units-new');
    this.importButton = page.getByTestId('units-import');
    this.templateButton = page.getByTestId('units-template');
    this.exportButton = page.getByTestId('units-export');
    this.keyword = page.getByTestId('units-filter-q');
    this.kindFilter = page.getByTestId('units-filter-kind');
    this.pagination = this.table.locator('.ant-pagination');
    this.importDialog = page.getByTestId('unit-import-dialog');
    this.importResult = page.getByTestId('unit-import-result');
    this.importErrorsAlert = page.getByTestId('unit-import-errors-alert');
    this.importErrors = page.getByTestId('unit-import-errors');
    this.importOk = page.getByTestId('unit-import-ok');
    this.importConfirm = page.getByTestId('unit-import-confirm');
    this.importDone = page.getByTestId('unit-import-done');
    this.importFinish = page.getByTestId('unit-import-finish');
    this.importClose = page.getByTestId('unit-import-close');
    this.importChooseAgain = page.getByTestId('unit-import-choose-again');
    this.drawer = page.getByTestId('unit-drawer-body');
    this.drawerTitle = page.getByTestId('unit-drawer-title');
    this.save = page.getByTestId('unit-save');
    this.saveError = page.getByTestId('unit-save-error');
  }

  /** Waits until the table has answered from the core (not loading). */
  async waitForTable(): Promise<void> {
    await this.root.waitFor();
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="units-table"] .ant-spin-spinning'));
  }

  /** The number of units matching the filters, as the page states it. */
  async totalCount(): Promise<number> {
    await this.waitForTable();
    return toInt(await this.total.innerText());
  }

  /** Picks a 类别 in the filter bar (null clears it). */
  async filterKind(kind: string | null): Promise<void> {
    if (kind === null) {
      await this.kindFilter.hover();
      await this.kindFilter.locator('.ant-select-clear').click();
    } else {
      await this.kindFilter.click();
      await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${kind}$`) }).click();
    }
    await this.waitForTable();
  }

  async search(text: string): Promise<void> {
    await this.keyword.locator('input').fill(text);
    await this.keyword.locator('input').press('Enter');
    await this.waitForTable();
  }

  /** The unit names on the current page, in order. */
  async names(): Promise<string[]> {
    await this.waitForTable();
    return (await this.rows.getByTestId('unit-open').allInnerTexts()).map((t) => t.trim());
  }

  /** A row by the unit's name. */
  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByTestId('unit-open').filter({ hasText: name }) });
  }

  /** Opens a unit's drawer from the table. */
  async openUnit(name: string): Promise<void> {
    await this.row(name).getByTestId('unit-open').click();
    await this.drawerTitle.filter({ hasText: name }).waitFor();
  }

  /** 导入 Excel: chooses the file through the file dialog and waits for the check's result. */
  async chooseImportFile(file: string, trigger: Locator = this.importButton): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await trigger.click();
    await (await chooser).setFiles(file);
    await this.page.locator('[data-testid="unit-import-result"], [data-testid="unit-import-failed"]').first().waitFor({ timeout: 30_000 });
  }

  /** The rows of the import error table (first page). */
  async importErrorRows(): Promise<ImportIssueRow[]> {
    const rows = this.importErrors.getByTestId('unit-import-errors-row');
    const out: ImportIssueRow[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
      out.push({ sheet: cells[0] ?? '', row: cells[1] ?? '', column: cells[2] ?? '', message: cells[3] ?? '' });
    }
    return out;
  }

  /** 确认导入 and wait for the result. */
  async confirmImport(): Promise<void> {
    await this.importConfirm.click();
    await this.importDone.waitFor({ timeout: 60_000 });
  }

  /** Opens the 新增单位 drawer. */
  async openNew(): Promise<void> {
    await this.newButton.click();
    await this.page.getByTestId('unit-form').waitFor();
  }

  /** A form control in the drawer by its field name (name, creditCode, payroll, …). */
  field(name: string): Locator {
    return this.page.getByTestId(`unit-field-${name}`);
  }

  /** The error shown under a drawer field. */
  fieldError(name: string): Locator {
    return this.page.locator('.ant-form-item').filter({ has: this.field(name) }).locator('.ant-form-item-explain-error');
  }

  async closeDrawer(): Promise<void> {
    await this.page.locator('.ant-drawer-open .ant-drawer-close').click();
  }
}
