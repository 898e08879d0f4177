// Page objects: 支出申请 (to-do, list, form, detail with actions) and 预算执行与三公.
import type { Locator, Page } from '@playwright/test';

export class ExpensePage {
  readonly root: Locator;
  readonly form: Locator;
  readonly detail: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('expense-page');
    this.form = page.getByTestId('expense-form');
    this.detail = page.getByTestId('expense-detail');
  }

  async openFromTodo(number: string): Promise<void> {
    await this.page.getByTestId('expense-tab-todo').click();
    await this.page.getByTestId('expense-todo-table').getByTestId('expense-link').filter({ hasText: number }).click();
    await this.detail.waitFor();
  }

  async openFromList(number: string): Promise<void> {
    await this.page.getByTestId('expense-tab-all').click();
    await this.page.getByTestId('expense-table').getByTestId('expense-link').filter({ hasText: number }).click();
    await this.detail.waitFor();
  }

  /** Picks an option of an antd Select by (part of) its text. */
  async pick(select: Locator, text: string): Promise<void> {
    await select.click();
    await this.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
  }

  async upload(itemKey: string, file: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId(`upload-${itemKey}`).click();
    await (await chooser).setFiles(file);
  }

  field(id: string): Locator {
    return this.page.getByTestId(id);
  }

  /** The detail's action area. */
  action(name: 'submit' | 'approve' | 'pay' | 'post' | 'verify' | 'return' | 'reject' | 'withdraw'): Locator {
    return this.detail.getByTestId(`action-${name}`);
  }

  async opinion(text: string): Promise<void> {
    await this.detail.getByTestId('action-opinion').fill(text);
  }

  async returnTo(stepName: string): Promise<void> {
    await this.pick(this.detail.getByTestId('action-return-to'), stepName);
    await this.action('return').click();
  }

  async closeDetail(): Promise<void> {
    await this.page.getByTestId('expense-detail-drawer').locator('.ant-drawer-close').click();
  }
}

/** The 支出审批规则 editor on the 预算执行与三公 page. */
export class ExpenseRulesEditor {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('expense-rules');
  }

  async tab(key: 'budget_control' | 'cash_limit' | 'checklist' | 'reception' | 'forbidden'): Promise<void> {
    await this.root.getByTestId(`rule-tab-${key}`).click();
  }

  field(id: string): Locator {
    return this.root.getByTestId(id);
  }

  get current(): Locator {
    return this.root.getByTestId('rule-current');
  }

  get error(): Locator {
    return this.root.getByTestId('rule-error');
  }

  get history(): Locator {
    return this.root.getByTestId('rule-history').getByTestId('rule-history-row');
  }

  async save(effectiveFrom: string, basis: string): Promise<void> {
    await this.field('rule-from').fill(effectiveFrom);
    await this.field('rule-basis').fill(basis);
    await this.field('rule-save').click();
  }
}
