// Page objects: 考核评分 (rounds, score sheet, allocation proposal) and 服务台账.
import type { Download, Locator, Page } from '@playwright/test';

export class AssessmentRoundsPage {
  readonly root: Locator;
  readonly detail: Locator;
  readonly sheet: Locator;
  readonly proposal: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('assess-rounds-page');
    this.detail = page.getByTestId('assess-round-detail');
    this.sheet = page.getByTestId('assess-sheet');
    this.proposal = page.getByTestId('assess-proposal');
  }

  /** 发起考核: picks the template by its label text, names the round and searches/selects the units. */
  async createRound(templateText: string, name: string, unitNames: string[]): Promise<void> {
    await this.page.getByTestId('assess-round-new').click();
    const form = this.page.getByTestId('assess-round-form');
    await form.waitFor();
    await form.getByTestId('assess-round-template').click();
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: templateText }).click();
    await form.getByTestId('assess-round-name').fill(name);
    const units = form.getByTestId('assess-round-units');
    for (const u of unitNames) {
      await units.click();
      await units.locator('input').fill(u);
      await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: u }).first().click();
    }
    await this.page.keyboard.press('Escape');
    await this.page.getByTestId('assess-round-create').click();
    await form.waitFor({ state: 'hidden' });
    await this.detail.waitFor();
  }

  async openRound(name: string): Promise<void> {
    await this.root.locator(`[data-testid="assess-round-row"][data-name="${name}"]`).click();
    await this.detail.waitFor();
  }

  subjectRow(unitCode: string): Locator {
    return this.detail.locator(`[data-testid="assess-subject-row"][data-unit="${unitCode}"]`);
  }

  async openSheet(unitCode: string): Promise<void> {
    await this.subjectRow(unitCode).getByTestId('assess-subject-open').click();
    await this.sheet.locator('[data-testid="assess-item-row"]').first().waitFor();
  }

  item(code: string): Locator {
    return this.sheet.locator(`[data-testid="assess-item-row"][data-code="${code}"]`);
  }

  /** Types a score into an item's self or review input and presses Enter; waits for the saved value. */
  async score(code: string, kind: 'self' | 'review', value: number): Promise<void> {
    const id = kind === 'self' ? 'assess-self-input' : 'assess-review-input';
    // antd puts data-testid on the InputNumber's <input> or on its wrapper, depending on the version.
    const input = this.item(code).locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
    await input.fill(String(value));
    const saved = this.page.waitForResponse((r) => r.url().includes(kind === 'self' ? 'assessment.scores.self' : 'assessment.scores.review'));
    await input.press('Enter');
    await saved;
  }

  async manualItemCodes(): Promise<string[]> {
    const rows = this.sheet.locator('[data-testid="assess-item-row"][data-method="手工评分"]');
    const out: string[] = [];
    for (let i = 0; i < (await rows.count()); i++) out.push((await rows.nth(i).getAttribute('data-code'))!);
    return out;
  }

  async closeSheet(): Promise<void> {
    await this.sheet.locator('.ant-drawer-close').click();
    await this.sheet.waitFor({ state: 'hidden' });
  }

  /** Clicks a button that saves an export and returns the download (browser mode). */
  async download(button: Locator, saveTo: string): Promise<string> {
    const d: Promise<Download> = this.page.waitForEvent('download', { timeout: 60_000 });
    await button.click();
    const file = await d;
    const p = `${saveTo}/${file.suggestedFilename()}`;
    await file.saveAs(p);
    return p;
  }
}
