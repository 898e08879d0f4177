// Page object: 系统信息 — software version, run mode and the list of interfaces.
import type { Locator, Page } from '@playwright/test';

export class AboutPage {
  readonly root: Locator;
  readonly appName: Locator;
  readonly appVersion: Locator;
  readonly mode: Locator;
  readonly apiTable: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('about-page');
    this.appName = page.getByTestId('about-app-name');
    this.appVersion = page.getByTestId('about-app-version');
    this.mode = page.getByTestId('about-mode');
    this.apiTable = page.getByTestId('about-api-table');
  }

  /** The handler names listed in the interface table. */
  async apiNames(): Promise<string[]> {
    await this.apiTable.locator('tbody tr.ant-table-row').first().waitFor();
    return (await this.apiTable.locator('tbody tr.ant-table-row td:first-child').allInnerTexts()).map((t) => t.trim());
  }
}
