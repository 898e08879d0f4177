// Page object: the application frame — title bar, left menu, content area.
import type { Locator, Page } from '@playwright/test';

export class AppFrame {
  readonly root: Locator;
  readonly header: Locator;
  /** The organisation's name in the title bar. */
  readonly orgName: Locator;
  /** Right side of the title bar: the signed-in user. */
  readonly userSlot: Locator;
  /** The signed-in user's button (name and roles) that opens 修改密码 / 退出登录. */
  readonly userMenu: Locator;
  readonly userName: Locator;
  readonly userRoles: Locator;
  readonly menu: Locator;
  readonly content: Locator;
  readonly pageTitle: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('app-frame');
    this.header = page.getByTestId('frame-header');
    this.orgName = page.getByTestId('frame-org-name');
    this.userSlot = page.getByTestId('frame-user-slot');
    this.userMenu = page.getByTestId('user-menu');
    this.userName = page.getByTestId('user-display-name');
    this.userRoles = page.getByTestId('user-roles');
    this.menu = page.getByTestId('frame-menu');
    this.content = page.getByTestId('frame-content');
    this.pageTitle = page.getByTestId('page-title');
  }

  /** The menu entry of a module (by its key in renderer/src/modules.ts). */
  menuItem(key: string): Locator {
    return this.menu.getByTestId(`menu-${key}`);
  }

  /** The labels of the menu entries, in order. */
  async allMenuLabels(): Promise<string[]> {
    const texts = await this.menu.locator('[data-testid^="menu-"]').allInnerTexts();
    return texts.map((t) => t.trim());
  }

  /**
   * The labels of the platform, organisation, budget and ledger entries, in order. The later domains
   * (支出审批, 经费收缴, 经审监督, 考核评价) check their own entries in their own specs, so adding one does
   * not rewrite every menu expectation here.
   */
  async menuLabels(): Promise<string[]> {
    return (await this.allMenuLabels()).filter((l) => BASE_MENU_LABELS.has(l));
  }

  /** Opens a module from the left menu and waits for its page title. */
  async open(key: string, title?: string): Promise<void> {
    await this.menuItem(key).click();
    if (title) await this.page.getByTestId('page-title').filter({ hasText: title }).waitFor();
  }

  /** The key of the highlighted menu entry. */
  async selectedKey(): Promise<string | null> {
    const item = this.menu.locator('.ant-menu-item-selected [data-testid^="menu-"]');
    if ((await item.count()) === 0) return null;
    const id = await item.first().getAttribute('data-testid');
    return id ? id.replace(/^menu-/, '') : null;
  }

  /** The role tags shown next to the user's name. */
  async roles(): Promise<string[]> {
    return (await this.userRoles.locator('.ant-tag').allInnerTexts()).map((t) => t.trim());
  }

  /** Opens the user menu and waits until its opening animation has finished (items stand still). */
  async openUserMenu(): Promise<void> {
    await this.userMenu.click();
    await this.page
      .locator('.ant-dropdown:not(.ant-dropdown-hidden):not([class*="-enter"]):not([class*="-appear"])')
      .getByTestId('user-menu-signout')
      .waitFor();
  }

  /** 退出登录 from the user menu; waits for the sign-in page. */
  async signOut(): Promise<void> {
    await this.openUserMenu();
    await this.page.getByTestId('user-menu-signout').click();
    await this.page.getByTestId('signin-page').waitFor();
  }

  /** 修改密码 from the user menu. */
  async openChangePassword(): Promise<void> {
    await this.openUserMenu();
    await this.page.getByTestId('user-menu-password').click();
    await this.page.getByTestId('change-password-dialog').waitFor();
  }
}

/** The menu labels `menuLabels()` compares (see there). */
const BASE_MENU_LABELS = new Set(['首页', '单位名录', '预算收集', '预算汇总', '预算审批', '凭证管理', '期末处理', '账簿报表', '用户与角色', '审计日志', '数据备份', '系统信息']);
