// Page objects: 会计核算 — 凭证管理 (list, editor, detail drawer, print view), 期末处理.
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

async function pick(page: Page, select: Locator, search: string, optionText: string | RegExp) {
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
