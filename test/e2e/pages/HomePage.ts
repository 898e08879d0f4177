// Page object: 首页 — database facts and main-table row counts read from the core (`system.info`).
import type { Locator, Page } from '@playwright/test';

/** "1,234" → 1234. */
export function parseGrouped(text: string): number {
  const clean = text.replace(/[,\s]/g, '');
  if (!/^-?\d+$/.test(clean)) throw new Error(`不是整数：${text}`);
  return Number(clean);
}

export class HomePage {
  readonly root: Locator;
  readonly loading: Locator;
  readonly error: Locator;
  readonly errorMessage: Locator;
  readonly retryButton: Locator;
  readonly refreshButton: Locator;
  readonly dbPath: Locator;
  readonly schemaVersion: Locator;
  readonly latestSchemaVersion: Locator;
  readonly schemaStatus: Locator;
  readonly sqliteVersion: Locator;
  readonly appVersion: Locator;
  readonly tables: Locator;
  readonly totalRows: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('home-page');
    this.loading = page.getByTestId('home-loading');
    this.error = page.getByTestId('home-error');
    this.errorMessage = page.getByTestId('home-error-message');
    this.retryButton = page.getByTestId('home-error-retry');
    this.refreshButton = page.getByTestId('home-refresh');
    this.dbPath = page.getByTestId('home-db-path');
    this.schemaVersion = page.getByTestId('home-schema-version');
    this.latestSchemaVersion = page.getByTestId('home-schema-latest');
    this.schemaStatus = page.getByTestId('home-schema-status');
    this.sqliteVersion = page.getByTestId('home-sqlite-version');
    this.appVersion = page.getByTestId('home-app-version');
    this.tables = page.getByTestId('home-tables');
    this.totalRows = page.getByTestId('home-rows-total');
  }

  /** Waits until the data from the core is shown. */
  async waitForData(): Promise<void> {
    await this.page.locator('[data-testid="home-page"][data-loaded="true"]').waitFor();
  }

  /** The table row of a main table (by its SQL name). */
  tableRow(table: string): Locator {
    return this.tables.getByTestId(`home-table-row-${table}`);
  }

  /** The row-count cell of a main table. */
  rowCountCell(table: string): Locator {
    return this.tables.getByTestId(`home-rows-${table}`);
  }

  /** The row count shown for a main table, as a number. */
  async rowCount(table: string): Promise<number> {
    return parseGrouped(await this.rowCountCell(table).innerText());
  }

  /** The SQL names of the tables listed, in order. */
  async tableNames(): Promise<string[]> {
    const ids = await this.tables
      .locator('[data-testid^="home-table-row-"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid') ?? ''));
    return ids.map((id) => id.replace(/^home-table-row-/, ''));
  }

  /** Reads again from the core (the 刷新 button) and waits until it is done. */
  async refresh(): Promise<void> {
    const answered = this.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/system.info');
    await this.refreshButton.click();
    await answered;
    await this.page.waitForFunction(() => !document.querySelector('[data-testid="home-refresh"].ant-btn-loading'));
  }
}
