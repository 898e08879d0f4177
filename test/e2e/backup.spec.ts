// Backup end-to-end: 立即备份到… gives a backup file; a later change is undone by restoring that file —
// checked first (what it is, its checks), confirmed, a pre-restore backup made — after which everybody
// signs in again.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, RESULTS_DIR, TEST_ADMIN, TEST_ORG, adminChannel, callCore } from './fixtures';
import { BackupPage } from './pages/BackupPage';
import { UnitsPage } from './pages/UnitsPage';

test.describe('数据备份', () => {
  test('立即备份，之后的修改可以通过从备份恢复撤销；恢复后须重新登录', async ({ page, core, dataDir, signedIn, signIn }, testInfo) => {
    const frame = signedIn;
    await frame.open('backup', '数据备份');
    const backup = new BackupPage(page);
    await expect(backup.backupDir).toBeVisible();
    await expect(backup.keep.locator('input').or(backup.keep)).toBeVisible();

    const download = await backup.backupNow();
    expect(download.suggestedFilename()).toMatch(/^工会财务备份-\d{8}-\d{4}\.sqlite3$/);
    const file = path.join(dataDir, download.suggestedFilename());
    await download.saveAs(file);
    expect(fs.statSync(file).size).toBeGreaterThan(0);

    // A unit added after the backup.
    const channel = await adminChannel(core);
    await callCore(core, 'units.create', { name: '备份后新增的单位', kind: '内设部门' }, channel);
    await frame.open('units', '单位名录');
    const units = new UnitsPage(page);
    await expect(units.row('备份后新增的单位')).toBeVisible();

    await frame.open('backup', '数据备份');
    await backup.chooseFile(file);
    await expect(backup.inspection).toHaveAttribute('data-ok', 'true');
    await expect(backup.inspectionOrg).toHaveText(TEST_ORG.orgName);
    await expect(page.getByTestId('backup-check')).not.toHaveCount(0);
    await page.evaluate(() => document.fonts.ready);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const shot = path.join(RESULTS_DIR, 'backup-inspection.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('备份文件检查', { path: shot, contentType: 'image/png' });

    await backup.restore();
    await expect(backup.restored).toContainText('恢复前的数据已另存为');
    await backup.restoredOk.click();
    await expect(signIn.root).toBeVisible();
    await expect(signIn.notice).toContainText('数据已从备份恢复');

    await signIn.signInAndWait(TEST_ADMIN.username, TEST_ADMIN.password);
    await frame.open('units', '单位名录');
    await units.waitForTable();
    await expect(units.row('备份后新增的单位')).toHaveCount(0);
    const settings = await callCore(core, 'backup.settings', {}, await adminChannel(core));
    expect(settings.others.some((f) => f.kind === 'before-restore')).toBe(true);
  });
});
