// Page object: 首次使用 — the first-run wizard (本级工会 → 系统管理员 → 确认) and 打开演示数据.
import type { Locator, Page } from '@playwright/test';

export interface OrgInput {
  orgName: string;
  creditCode: string;
  level?: string;
  fiscalYear?: number;
}

export interface AdminInput {
  username: string;
  displayName: string;
  password: string;
}

export class SetupWizardPage {
  readonly root: Locator;
  readonly steps: Locator;
  readonly orgName: Locator;
  readonly creditCode: Locator;
  readonly level: Locator;
  readonly fiscalYear: Locator;
  readonly username: Locator;
  readonly displayName: Locator;
  readonly password: Locator;
  readonly confirm: Locator;
  readonly next: Locator;
  readonly prev: Locator;
  readonly finish: Locator;
  readonly error: Locator;
  readonly summaryOrg: Locator;
  readonly demoButton: Locator;
  readonly demoDone: Locator;
  readonly demoAccounts: Locator;
  readonly demoNote: Locator;
  readonly goSignIn: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('setup-wizard');
    this.steps = page.getByTestId('setup-steps');
    this.orgName = page.getByTestId('setup-org-name');
    this.creditCode = page.getByTestId('setup-credit-code');
    this.level = page.getByTestId('setup-level');
    this.fiscalYear = page.getByTestId('setup-fiscal-year');
    this.username = page.getByTestId('setup-admin-username');
    this.displayName = page.getByTestId('setup-admin-name');
    this.password = page.getByTestId('setup-admin-password');
    this.confirm = page.getByTestId('setup-admin-confirm');
    this.next = page.getByTestId('setup-next');
    this.prev = page.getByTestId('setup-prev');
    this.finish = page.getByTestId('setup-finish');
    this.error = page.getByTestId('setup-error');
    this.summaryOrg = page.getByTestId('setup-summary-org');
    this.demoButton = page.getByTestId('setup-demo');
    this.demoDone = page.getByTestId('setup-demo-done');
    this.demoAccounts = page.getByTestId('setup-demo-accounts');
    this.demoNote = page.getByTestId('setup-demo-note');
    this.goSignIn = page.getByTestId('setup-go-signin');
  }

  /** The Form.Item that holds a control, for its error text. */
  fieldItem(control: Locator): Locator {
    return this.page.locator('.ant-form-item').filter({ has: control });
  }

  /** The error shown under a field (empty when none). */
  fieldError(control: Locator): Locator {
    return this.fieldItem(control).locator('.ant-form-item-explain-error');
  }

  /** The title of the current step. */
  currentStep(): Locator {
    return this.steps.locator('.ant-steps-item-process .ant-steps-item-title');
  }

  async fillOrg(org: OrgInput): Promise<void> {
    await this.orgName.fill(org.orgName);
    await this.creditCode.fill(org.creditCode);
    if (org.fiscalYear !== undefined) await this.fiscalYear.fill(String(org.fiscalYear));
  }

  async fillAdmin(admin: AdminInput): Promise<void> {
    await this.username.fill(admin.username);
    await this.displayName.fill(admin.displayName);
    await this.password.fill(admin.password);
    await this.confirm.fill(admin.password);
  }

  /** Runs the whole wizard; ends on the sign-in page. */
  async complete(org: OrgInput, admin: AdminInput): Promise<void> {
    await this.fillOrg(org);
    await this.next.click();
    await this.fillAdmin(admin);
    await this.next.click();
    await this.summaryOrg.waitFor();
    await this.finish.click();
  }

  /** 打开演示数据 and its confirmation; waits for the result screen. */
  async loadDemo(): Promise<void> {
    await this.demoButton.click();
    await this.page.getByTestId('setup-demo-confirm').click();
    await this.demoDone.waitFor({ timeout: 60_000 });
  }
}
