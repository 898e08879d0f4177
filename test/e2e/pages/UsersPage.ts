// Page object: 用户与角色 — users, roles, and separation-of-duties rules.
import type { Locator, Page } from '@playwright/test';

export interface NewUserInput {
  username: string;
  displayName: string;
  title?: string;
  password: string;
  roles: string[];
}

export class UsersPage {
  readonly root: Locator;
  readonly readOnlyNote: Locator;
  readonly newButton: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly dialog: Locator;
  readonly dialogOk: Locator;
  readonly dialogError: Locator;
  readonly sodHint: Locator;
  readonly rolesTab: Locator;
  readonly sodTab: Locator;
  readonly rolesTable: Locator;
  readonly sodTable: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('users-page');
    this.readOnlyNote = page.getByTestId('users-readonly');
    this.newButton = page.getByTestId('users-new');
    this.table = page.getByTestId('users-table');
    this.rows = this.table.getByTestId('user-row');
    this.dialog = page.getByTestId('user-dialog');
    this.dialogOk = page.getByTestId('user-dialog-ok');
    this.dialogError = page.getByTestId('user-dialog-error');
    this.sodHint = page.getByTestId('sod-hint');
    this.rolesTab = page.getByTestId('users-tab-roles');
    this.sodTab = page.getByTestId('users-tab-sod');
    this.rolesTable = page.getByTestId('roles-table');
    this.sodTable = page.getByTestId('sod-table');
  }

  row(username: string): Locator {
    return this.table.locator(`[data-testid="user-row"][data-username="${username}"]`);
  }

  /** Opens 新增用户 and fills it in (does not save). */
  async fillNewUser(u: NewUserInput): Promise<void> {
    await this.newButton.click();
    await this.dialog.waitFor();
    await this.page.getByTestId('user-field-username').fill(u.username);
    await this.page.getByTestId('user-field-displayName').fill(u.displayName);
    if (u.title) await this.page.getByTestId('user-field-title').fill(u.title);
    await this.page.getByTestId('user-field-password').fill(u.password);
    await this.page.getByTestId('user-field-confirm').fill(u.password);
    for (const r of u.roles) await this.roleCheckbox(r).check();
  }

  roleCheckbox(role: string): Locator {
    return this.dialog.getByRole('checkbox', { name: new RegExp(`^${role}`) });
  }

  /** Saves the dialog. */
  async saveDialog(): Promise<void> {
    await this.dialogOk.click();
  }

  /** Chooses an option of a searchable drop-down by typing it and pressing Enter. */
  async pick(select: Locator, text: string): Promise<void> {
    await select.click();
    const input = select.locator('input');
    await input.fill(text);
    await this.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active').filter({ hasText: text }).waitFor();
    await input.press('Enter');
  }

  /** 新增规则: fills and saves the dialog. */
  async addSodRule(rule: { name: string; roleA: string; roleB: string; basis: string; effectiveFrom: string }): Promise<void> {
    await this.page.getByTestId('sod-new').click();
    await this.page.getByTestId('sod-field-name').fill(rule.name);
    await this.pick(this.page.getByTestId('sod-field-roleA'), rule.roleA);
    await this.pick(this.page.getByTestId('sod-field-roleB'), rule.roleB);
    await this.page.getByTestId('sod-field-basis').fill(rule.basis);
    const from = this.page.getByTestId('sod-field-effectiveFrom');
    await from.fill(rule.effectiveFrom);
    await from.press('Enter');
    await this.page.getByTestId('sod-dialog-ok').click();
  }

  sodRow(name: string): Locator {
    return this.sodTable.locator(`[data-testid="sod-row"][data-name="${name}"]`);
  }
}
