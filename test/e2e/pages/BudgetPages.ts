// Page objects: 预算收集, 预算汇总, 预算审批, 预算规则.
import type { Download, Locator, Page } from '@playwright/test';

export interface BudgetIssueRow {
  sheet: string;
  row: string;
  column: string;
  cell: string;
  message: string;
}

export class BudgetCollectPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly exportAll: Locator;
  readonly importButton: Locator;
  readonly importResult: Locator;
  readonly importClose: Locator;
  readonly kindFilter: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('budget-collect-page');
    this.table = page.getByTestId('budget-status-table');
    this.rows = this.table.getByTestId('budget-status-row');
    this.exportAll = page.getByTestId('budget-export-all');
    this.importButton = page.getByTestId('budget-import');
    this.importResult = page.getByTestId('budget-import-result');
    this.importClose = page.getByTestId('budget-import-close');
    this.kindFilter = page.getByTestId('budget-filter-kind');
  }

  async waitForTable(): Promise<void> {
    await this.root.waitFor();
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="budget-status-table"] .ant-spin-spinning'));
  }

  /** The number shown on a count card (全部 / 已提交 / 未提交 / 有错误). */
  async count(status: '全部' | '已提交' | '未提交' | '有错误'): Promise<number> {
    const text = await this.page.getByTestId(`budget-count-${status}`).locator('.ant-statistic-content-value').innerText();
    return Number(text.replace(/[,\s]/g, ''));
  }

  row(unitCode: string): Locator {
    return this.table.locator(`[data-testid="budget-status-row"][data-unit="${unitCode}"]`);
  }

  /**
   * Clicks 导出模板（当前筛选的全部单位）. In browser mode the templates arrive as ONE zip download (the
   * desktop app asks for a folder instead); returns the zip's suggested name and the path it was saved to.
   */
  async exportAllTemplates(saveTo: string): Promise<{ zipName: string; path: string }> {
    const download: Promise<Download> = this.page.waitForEvent('download', { timeout: 60_000 });
    await this.exportAll.click();
    const d = await download;
    const p = `${saveTo}/${d.suggestedFilename()}`;
    await d.saveAs(p);
    return { zipName: d.suggestedFilename(), path: p };
  }

  /** 导入预算工作簿…: chooses the files and waits for the per-file result. */
  async importFiles(files: string[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.importButton.click();
    await (await chooser).setFiles(files);
    await this.importResult.waitFor({ timeout: 60_000 });
  }

  fileResult(fileName: string): Locator {
    return this.importResult.locator(`[data-testid="budget-import-file"][data-file="${fileName}"]`);
  }

  async errorRows(fileName: string): Promise<BudgetIssueRow[]> {
    const rows = this.fileResult(fileName).getByTestId('budget-import-errors-row');
    const out: BudgetIssueRow[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const [sheet, row, column, cell, message] = (await rows.nth(i).locator('td').allInnerTexts()).map((t) => t.trim());
      out.push({ sheet, row, column, cell, message });
    }
    return out;
  }
}

export class BudgetConsolidatePage {
  readonly root: Locator;
  readonly totalIncome: Locator;
  readonly totalExpense: Locator;
  readonly drill: Locator;
  readonly checks: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('budget-consolidate-page');
    this.totalIncome = page.getByTestId('budget-total-income');
    this.totalExpense = page.getByTestId('budget-total-expense');
    this.drill = page.getByTestId('budget-drill');
    this.checks = page.getByTestId('budget-checks');
  }

  async tab(label: string): Promise<void> {
    await this.page.getByRole('tab', { name: label }).click();
  }
}

export class BudgetApprovalPage {
  readonly root: Locator;
  readonly book: Locator;
  readonly status: Locator;
  readonly steps: Locator;
  readonly action: Locator;
  readonly approve: Locator;
  readonly opinion: Locator;
  readonly actError: Locator;
  readonly timeline: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('budget-approval-page');
    this.book = page.getByTestId('budget-book');
    this.status = page.getByTestId('budget-book-status');
    this.steps = page.getByTestId('budget-steps');
    this.action = page.getByTestId('budget-action');
    this.approve = page.getByTestId('budget-approve');
    this.opinion = page.getByTestId('budget-opinion');
    this.actError = page.getByTestId('budget-act-error');
    this.timeline = page.getByTestId('budget-history-timeline');
  }

  async createBook(): Promise<void> {
    await this.page.getByTestId('budget-book-create').click();
    await this.page.getByTestId('budget-create-ok').click();
    await this.book.waitFor();
  }

  async stage(): Promise<number> {
    return Number(await this.book.getAttribute('data-stage'));
  }
}

/** 预算规则: the rules in force for a year, the editor drawer, versions, and withdrawing a book. */
export class BudgetRulesPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly drawer: Locator;
  readonly year: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('budget-rules-page');
    this.table = page.getByTestId('budget-rules-table');
    this.drawer = page.locator('.ant-drawer').filter({ has: page.getByTestId('budget-rule-save') });
    this.year = page.getByTestId('budget-rules-year');
  }

  async waitForTable(): Promise<void> {
    await this.root.waitFor();
    await this.table.getByTestId('budget-rule-row').first().waitFor();
  }

  rule(key: string): Locator {
    return this.table.locator(`[data-testid="budget-rule-row"][data-key="${key}"]`);
  }

  async setYear(year: number): Promise<void> {
    await this.year.fill(String(year));
    await this.year.press('Tab');
  }

  /** The input element of an editor field (antd puts the test id on the input or around it). */
  field(testId: string): Locator {
    return this.drawer.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
  }

  async edit(key: string): Promise<void> {
    await this.rule(key).getByTestId('budget-rule-edit').click();
    await this.drawer.waitFor();
  }

  async tab(name: '规则' | '撤销审批'): Promise<void> {
    await this.page.getByTestId('budget-rules-tabs').getByRole('tab', { name }).click();
  }
}
