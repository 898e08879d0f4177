// Page object: 数据备份 — back up now, automatic-backup settings, restore from a file.
import { expect, type Download, type Locator, type Page } from '@playwright/test';

export class BackupPage {
  readonly root: Locator;
  readonly createButton: Locator;
  readonly settings: Locator;
  readonly lastAuto: Locator;
  readonly keep: Locator;
  readonly keepSave: Locator;
  readonly backupDir: Locator;
  readonly chooseButton: Locator;
  readonly inspection: Locator;
  readonly inspectionTitle: Locator;
  readonly inspectionOrg: Locator;
  readonly inspectError: Locator;
  readonly restoreButton: Locator;
  readonly restoreDialog: Locator;
  readonly understood: Locator;
  readonly confirmRestore: Locator;
  readonly restored: Locator;
  readonly restoredOk: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('backup-page');
    this.createButton = page.getByTestId('backup-create');
    this.settings = page.getByTestId('backup-settings');
    this.lastAuto = page.getByTestId('backup-last-auto');
    this.keep = page.getByTestId('backup-keep');
    this.keepSave = page.getByTestId('backup-keep-save');
    this.backupDir = page.getByTestId('backup-dir');
    this.chooseButton = page.getByTestId('backup-choose');
    this.inspection = page.getByTestId('backup-inspection');
    this.inspectionTitle = page.getByTestId('backup-inspection-title');
    this.inspectionOrg = page.getByTestId('backup-inspection-org');
    this.inspectError = page.getByTestId('backup-inspect-error');
    this.restoreButton = page.getByTestId('backup-restore');
    this.restoreDialog = page.getByTestId('backup-restore-dialog');
    this.understood = page.getByTestId('backup-restore-understood');
    this.confirmRestore = page.getByTestId('backup-restore-confirm');
    this.restored = page.getByTestId('backup-restored');
    this.restoredOk = page.getByTestId('backup-restored-ok');
  }

  /** 立即备份到…: in browser mode the file arrives as a download. */
  async backupNow(): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.createButton.click();
    return download;
  }

  /** 选择备份文件… through the file dialog; waits for the inspection (or its error). */
  async chooseFile(file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.chooseButton.click();
    await (await chooser).setFiles(file);
    await this.page.locator('[data-testid="backup-inspection"], [data-testid="backup-inspect-error"]').first().waitFor({ timeout: 30_000 });
  }

  /** 恢复此备份… → tick 我已了解 → 确认恢复; waits for the result. */
  async restore(): Promise<void> {
    await this.restoreButton.click();
    await this.restoreDialog.waitFor();
    // A click that lands while the dialog is still zooming in can be lost; tick again until it holds.
    await expect(async () => {
      await this.understood.check({ timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    await this.confirmRestore.click();
    await this.restored.waitFor({ timeout: 60_000 });
  }
}
