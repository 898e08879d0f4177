// Page objects: 会计核算 — 凭证管理 (list, editor, detail drawer, print view), 期末处理, 账套设置, 账簿查询.
import type { Locator, Page } from '@playwright/test';

export interface VoucherLineInput {
  summary?: string;
  /** Typed into the account search; the option whose label starts with it is chosen. */
  account: string;
  debit?: string;
  credit?: string;
  fund?: string;
  expense?: string;
  econ?: string;
}

export async function pick(page: Page, select: Locator, search: string, optionText: string | RegExp) {
  await select.click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: optionText }).first().click();
}

export class LedgerVouchersPage {
  readonly table: Locator;
  readonly drawer: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByTestId('voucher-table');
    this.drawer = page.getByTestId('voucher-drawer');
  }

  async enter(date: string, lines: VoucherLineInput[]): Promise<void> {
    const p = this.page;
    await p.getByTestId('voucher-new').click();
    const dateInput = p.getByTestId('voucher-date');
    await dateInput.click();
    await p.keyboard.press('Control+A');
    await p.keyboard.type(date);
    await p.keyboard.press('Enter');
    for (const [i, l] of lines.entries()) {
      if (l.summary) await p.getByTestId(`line-summary-${i}`).fill(l.summary);
      await pick(p, p.getByTestId(`line-account-${i}`), l.account, new RegExp(`^${l.account} `));
      if (l.fund) await pick(p, p.getByTestId(`line-fund-${i}`), '', l.fund);
      if (l.expense) await pick(p, p.getByTestId(`line-expense-${i}`), '', l.expense);
      if (l.econ) await pick(p, p.getByTestId(`line-econ-${i}`), l.econ, new RegExp(`^${l.econ} `));
      if (l.debit) await p.getByTestId(`line-debit-${i}`).fill(l.debit);
      if (l.credit) await p.getByTestId(`line-credit-${i}`).fill(l.credit);
    }
  }

  async pickEcon(line: number, code: string): Promise<void> {
    await pick(this.page, this.page.getByTestId(`line-econ-${line}`), code, new RegExp(`^${code} `));
  }

  async save(): Promise<void> {
    await this.page.getByTestId('voucher-save').click();
    await this.drawer.waitFor();
  }

  async open(label: string): Promise<void> {
    await this.table.getByTestId('voucher-link').filter({ hasText: label }).click();
    await this.drawer.waitFor();
  }

  status(): Locator {
    return this.page.getByTestId('voucher-detail-status');
  }

  async closeDrawer(): Promise<void> {
    await this.drawer.locator('.ant-drawer-close').click();
    await this.drawer.waitFor({ state: 'hidden' });
  }
}

export class LedgerPeriodsPage {
  constructor(readonly page: Page) {}
  row(month: number): Locator {
    return this.page.getByTestId(`period-row-${month}`);
  }
  async close(month: number): Promise<void> {
    await this.page.getByTestId(`period-close-${month}`).click();
  }
}

export class LedgerSetupPage {
  constructor(readonly page: Page) {}

  async tab(name: '账套' | '会计科目' | '辅助核算' | '期初余额'): Promise<void> {
    await this.page.getByRole('tab', { name, exact: true }).click();
  }

  /** 新建账套 for a unit found by `unitSearch`; the name, chart and start are typed or chosen. */
  async createSet(unitSearch: string, name: string, chart: 'G' | 'C', year: number, month = 1): Promise<void> {
    const p = this.page;
    await p.getByTestId('set-new').click();
    await pick(p, p.getByTestId('set-unit'), unitSearch, unitSearch);
    await p.getByTestId('set-name').fill(name);
    await p.getByTestId('set-chart').getByText(chart === 'G' ? '基层工会会计科目' : '县级以上工会会计科目').click();
    await p.getByTestId('set-start-year').fill(String(year));
    await p.getByTestId('set-start-month').fill(String(month));
    await p.getByTestId('set-create-ok').click();
  }

  accountRow(code: string): Locator {
    return this.page.getByTestId(`account-row-${code}`);
  }

  async filterAccounts(text: string): Promise<void> {
    const input = this.page.getByTestId('account-filter').locator('input');
    await input.fill(text);
    await input.press('Enter');
  }

  async addSubAccount(parent: string, code: string, name: string): Promise<void> {
    const p = this.page;
    await this.filterAccounts(parent);
    await p.getByTestId(`account-add-${parent}`).click();
    await p.getByTestId('account-code').fill(code);
    await p.getByTestId('account-name').fill(name);
    await p.getByTestId('account-add-ok').click();
  }

  /** Fills opening row `i` (account searched by code; amounts typed as text). */
  async openingRow(i: number, account: string, debit: string, credit: string): Promise<void> {
    const p = this.page;
    await pick(p, p.getByTestId(`opening-account-${i}`), account, new RegExp(`^${account} `));
    await p.getByTestId(`opening-debit-${i}`).fill(debit);
    await p.getByTestId(`opening-credit-${i}`).fill(credit);
  }
}

export class LedgerBooksPage {
  constructor(readonly page: Page) {}

  async detailOf(account: string): Promise<void> {
    await this.page.getByRole('tab', { name: '明细账', exact: true }).click();
    await pick(this.page, this.page.getByTestId('detail-account'), account, new RegExp(`^${account} `));
    await this.page.getByTestId('detail-title').filter({ hasText: account }).waitFor();
  }

  rows(): Locator {
    return this.page.getByTestId('detail-table').getByTestId('detail-row');
  }
}
