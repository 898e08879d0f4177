// Page object: 登录.
import type { Locator, Page } from '@playwright/test';

export class SignInPage {
  readonly root: Locator;
  readonly orgName: Locator;
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('signin-page');
    this.orgName = page.getByTestId('signin-org-name');
    this.username = page.getByTestId('signin-username');
    this.password = page.getByTestId('signin-password');
    this.submit = page.getByTestId('signin-submit');
    this.error = page.getByTestId('signin-error');
    this.notice = page.getByTestId('signin-notice');
  }

  /** Types the credentials and presses Enter (the way a clerk signs in). */
  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.password.press('Enter');
  }

  /** Signs in and waits for the application frame. */
  async signInAndWait(username: string, password: string): Promise<void> {
    await this.signIn(username, password);
    await this.page.getByTestId('app-frame').waitFor();
  }
}
