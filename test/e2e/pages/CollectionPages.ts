// Page objects: 经费收缴 — 税务代征导入 (file, mapping/profile, preview, result) and 对账工作清单 (run,
// rows, follow-up drawer).
import type { Locator, Page } from '@playwright/test';

export class CollectionImportPage {
  readonly root: Locator;
  readonly result: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('collection-import-page');
    this.result = page.getByTestId('collection-import-result');
  }

  async chooseFile(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('collection-import-file').click();
    await (await chooser).setFiles(file);
    await this.page.getByTestId('collection-import-filename').filter({ hasText: file.split('/').pop()! }).waitFor();
  }

  async pickProfile(name: string): Promise<void> {
    await this.page.getByTestId('collection-import-profile').click();
    await this.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: name }).first().click();
  }

  async saveProfile(name: string): Promise<void> {
    await this.page.getByTestId('collection-profile-name').fill(name);
    await this.page.getByTestId('collection-profile-save').click();
  }

  async preview(): Promise<void> {
    await this.page.getByTestId('collection-import-preview').click();
    await this.result.waitFor();
  }

  get confirm(): Locator {
    return this.page.getByTestId('collection-import-confirm');
  }

  errorRows(): Locator {
    return this.page.getByTestId('collection-import-error-row');
  }

  stat(name: 'new' | 'duplicates' | 'errorcount'): Locator {
    return this.page.getByTestId(`collection-import-${name}`);
  }
}

export class CollectionReconcilePage {
  readonly root: Locator;
  readonly drawer: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('collection-reconcile-page');
    this.drawer = page.getByTestId('collection-flag-drawer');
  }

  async setYear(year: number): Promise<void> {
    const input = this.page.getByTestId('collection-reconcile-year');
    await input.fill(String(year));
    await input.press('Tab');
  }

  async run(): Promise<void> {
    await this.page.getByTestId('collection-reconcile-run').click();
  }

  row(unit: string, kind: string): Locator {
    return this.page.locator(`[data-testid="collection-flag-row"][data-unit="${unit}"][data-kind="${kind}"]`);
  }

  accrualRow(unit: string): Locator {
    return this.page.locator(`[data-testid="collection-accrual-row"][data-unit="${unit}"]`);
  }

  async postAccrual(): Promise<void> {
    await this.page.getByTestId('collection-accrual-post').click();
  }

  async followUp(action: string, note: string): Promise<void> {
    await this.drawer.getByTestId('collection-followup-action').click();
    await this.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: action }).first().click();
    await this.drawer.getByTestId('collection-followup-note').fill(note);
    await this.drawer.getByTestId('collection-followup-save').click();
  }
}
