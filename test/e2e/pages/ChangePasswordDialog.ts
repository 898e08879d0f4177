// Page object: 修改密码 (also the forced dialog after a reset).
import type { Locator, Page } from '@playwright/test';

export class ChangePasswordDialog {
  readonly root: Locator;
  readonly oldPassword: Locator;
  readonly newPassword: Locator;
  readonly confirm: Locator;
  readonly submit: Locator;
  readonly signOut: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('change-password-dialog');
    this.oldPassword = page.getByTestId('change-password-old');
    this.newPassword = page.getByTestId('change-password-new');
    this.confirm = page.getByTestId('change-password-confirm');
    this.submit = page.getByTestId('change-password-submit');
    this.signOut = page.getByTestId('change-password-signout');
    this.error = page.getByTestId('change-password-error');
  }

  async change(oldPassword: string, newPassword: string): Promise<void> {
    await this.oldPassword.fill(oldPassword);
    await this.newPassword.fill(newPassword);
    await this.confirm.fill(newPassword);
    await this.submit.click();
  }
}
