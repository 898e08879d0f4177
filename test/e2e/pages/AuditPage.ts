// Page object: 审计日志.
import type { Locator, Page } from '@playwright/test';

export class AuditPage {
  readonly root: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly verifyButton: Locator;
  readonly verifyResult: Locator;
  readonly verifyTitle: Locator;
  readonly exportButton: Locator;
  readonly keyword: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('audit-page');
    this.table = page.getByTestId('audit-table');
    this.rows = this.table.getByTestId('audit-row');
    this.total = page.getByTestId('audit-total');
    this.verifyButton = page.getByTestId('audit-verify');
    this.verifyResult = page.getByTestId('audit-verify-result');
    this.verifyTitle = page.getByTestId('audit-verify-title');
    this.exportButton = page.getByTestId('audit-export');
    this.keyword = page.getByTestId('audit-filter-q');
  }

  async waitForTable(): Promise<void> {
    await this.root.waitFor();
    await this.rows.first().waitFor();
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="audit-table"] .ant-spin-spinning'));
  }

  /** The summaries of the entries on the current page (newest first). */
  async summaries(): Promise<string[]> {
    await this.waitForTable();
    return (await this.rows.getByTestId('audit-summary').allInnerTexts()).map((t) => t.trim());
  }

  /** The row of the newest entry with an action. */
  rowWithAction(action: string): Locator {
    return this.table.locator(`[data-testid="audit-row"][data-action="${action}"]`).first();
  }

  /** Expands a row to show its before/after comparison; returns the comparison. */
  async expand(row: Locator): Promise<Locator> {
    await row.locator('.ant-table-row-expand-icon').click();
    return this.table.getByTestId('audit-diff').first();
  }

  async search(text: string): Promise<void> {
    await this.keyword.locator('input').fill(text);
    await this.keyword.locator('input').press('Enter');
    await this.waitForTable();
  }

  async verify(): Promise<void> {
    await this.verifyButton.click();
    await this.verifyResult.waitFor();
  }
}
