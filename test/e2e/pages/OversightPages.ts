// Page objects: 经审监督 — 审计项目 (projects, findings, evidence), 整改台账, 经审会会议, 经审统计与报告.
import type { Locator, Page } from '@playwright/test';

/** Clicks an antd Select, optionally types to filter, and chooses the option containing the text. */
export async function choose(page: Page, select: Locator, optionText: string | RegExp, search?: string) {
  await select.click();
  if (search) await page.keyboard.type(search);
  // The open dropdown once its opening animation has finished (a click during it can be lost).
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-enter"]):not([class*="-appear"])');
  await dropdown.locator('.ant-select-item-option').filter({ hasText: optionText }).first().click();
  await dropdown.waitFor({ state: 'hidden' }).catch(() => undefined);
}

/** The text input (or textarea) of an antd input whose data-testid sits on the input itself or on a wrapper. */
export function inputOf(page: Page, testId: string): Locator {
  const t = `[data-testid="${testId}"]`;
  return page.locator(`input${t}, textarea${t}, ${t} input, ${t} textarea`).first();
}

export class OversightProjectsPage {
  readonly root: Locator;
  readonly drawer: Locator;
  readonly detail: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('oversight-projects-page');
    this.drawer = page.getByTestId('oversight-project-drawer');
    this.detail = page.getByTestId('oversight-project-detail');
  }

  async createProject(p: { name: string; unit: string; leader?: string; team?: string; opinion?: string }): Promise<void> {
    await this.page.getByTestId('oversight-project-new').click();
    await this.drawer.waitFor();
    await this.page.getByTestId('oversight-project-name').fill(p.name);
    await choose(this.page, this.page.getByTestId('oversight-project-unit'), p.unit, p.unit.slice(0, 4));
    if (p.leader) await this.page.getByTestId('oversight-project-leader').fill(p.leader);
    if (p.team) await this.page.getByTestId('oversight-project-team').fill(p.team);
    if (p.opinion) await this.page.getByTestId('oversight-project-opinion').fill(p.opinion);
    await this.page.getByTestId('oversight-project-save').click();
    await this.drawer.waitFor({ state: 'hidden' });
    await this.detail.waitFor();
  }

  finding(seq: number): Locator {
    return this.page.locator(`[data-testid="oversight-finding"][data-seq="${seq}"]`);
  }

  async recordFinding(f: { category: string; amount: string; description: string; basis?: string; severity?: string }): Promise<void> {
    const before = await this.page.getByTestId('oversight-finding').count();
    await this.page.getByTestId('oversight-finding-new').click();
    const form = this.page.getByTestId('oversight-finding-form');
    await form.waitFor();
    await choose(this.page, this.page.getByTestId('oversight-finding-category'), f.category, f.category.slice(0, 2));
    await this.page.getByTestId('oversight-finding-amount-input').fill(f.amount);
    await this.page.getByTestId('oversight-finding-description-input').fill(f.description);
    if (f.basis) await this.page.getByTestId('oversight-finding-basis').fill(f.basis);
    if (f.severity) await choose(this.page, this.page.getByTestId('oversight-finding-severity'), f.severity);
    await this.page.getByTestId('oversight-finding-save').click();
    await form.waitFor({ state: 'hidden' });
    await this.finding(before + 1).waitFor();
  }

  /** Links a record of another module (凭证, 预算行 …) found by a search text. */
  async linkRecord(seq: number, kind: string, search: string, optionText: string | RegExp, allUnits = false): Promise<void> {
    await this.finding(seq).getByTestId('oversight-evidence-add').click();
    const form = this.page.getByTestId('oversight-evidence-form');
    await form.waitFor();
    await choose(this.page, this.page.getByTestId('oversight-evidence-kind'), new RegExp(`^${kind}$`));
    if (allUnits) await form.getByRole('button', { name: '查看全部单位' }).click();
    const box = inputOf(this.page, 'oversight-evidence-search');
    await box.fill(search);
    await box.press('Enter');
    await choose(this.page, this.page.getByTestId('oversight-evidence-ref'), optionText);
    await this.page.getByTestId('oversight-evidence-save').click();
    await form.waitFor({ state: 'hidden' });
  }

  /** Uploads a file as evidence through the file chooser. */
  async linkFile(seq: number, file: string): Promise<void> {
    await this.finding(seq).getByTestId('oversight-evidence-add').click();
    const form = this.page.getByTestId('oversight-evidence-form');
    await form.waitFor();
    const button = this.page.getByTestId('oversight-evidence-file');
    // The kind select re-renders the form below it; choose again if the click landed during its animation.
    for (let i = 0; i < 3 && !(await button.isVisible()); i++) {
      await choose(this.page, this.page.getByTestId('oversight-evidence-kind'), '上传文件');
      await button.waitFor({ timeout: 3000 }).catch(() => undefined);
    }
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByTestId('oversight-evidence-file').click();
    await (await chooser).setFiles(file);
    await this.page.getByTestId('oversight-evidence-file').filter({ hasText: /\./ }).waitFor();
    await this.page.getByTestId('oversight-evidence-save').click();
    await form.waitFor({ state: 'hidden' });
  }
}

export class OversightSessionsPage {
  readonly detail: Locator;
  constructor(readonly page: Page) {
    this.detail = page.getByTestId('oversight-session-detail');
  }

  async createSession(s: { place: string; chair: string; minutes?: string }): Promise<void> {
    await this.page.getByTestId('oversight-session-new').click();
    const drawer = this.page.getByTestId('oversight-session-drawer');
    await drawer.waitFor();
    // The current members are filled in as present.
    await drawer.getByText('现任成员').first().waitFor();
    await this.page.getByTestId('oversight-session-place').fill(s.place);
    await this.page.getByTestId('oversight-session-chair').fill(s.chair);
    if (s.minutes) await this.page.getByTestId('oversight-session-minutes').fill(s.minutes);
    await this.page.getByTestId('oversight-session-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await this.detail.waitFor();
  }

  async addAgenda(kind: string, ref: string | RegExp): Promise<void> {
    const before = await this.page.getByTestId('oversight-agenda-row').count();
    await this.page.getByTestId('oversight-agenda-new').click();
    await choose(this.page, this.page.getByTestId('oversight-agenda-kind'), new RegExp(`^${kind}$`));
    await choose(this.page, this.page.getByTestId('oversight-agenda-ref'), ref);
    await this.page.getByTestId('oversight-agenda-save').click();
    await this.page.locator(`[data-testid="oversight-agenda-row"][data-seq="${before + 1}"]`).waitFor();
  }

  agenda(seq: number): Locator {
    return this.page.locator(`[data-testid="oversight-agenda-row"][data-seq="${seq}"]`);
  }

  async resolve(seq: number, decision: string, text: string, votesFor: number): Promise<void> {
    await this.agenda(seq).getByTestId('oversight-agenda-resolve').click();
    await choose(this.page, this.page.getByTestId('oversight-resolve-decision'), new RegExp(`^${decision}$`));
    await this.page.getByTestId('oversight-resolve-text').fill(text);
    await inputOf(this.page, 'oversight-resolve-for').fill(String(votesFor));
    await this.page.getByTestId('oversight-resolve-save').click();
    await this.page.locator(`[data-testid="oversight-agenda-row"][data-seq="${seq}"][data-decision="${decision}"]`).waitFor();
  }
}
