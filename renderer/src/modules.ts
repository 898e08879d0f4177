// The application's modules: the left menu and the routes are generated from this list. A later module
// adds one entry here — its path, Chinese label, icon, who may see it, and how its page loads:
//
//   {
//     key: 'budget',
//     path: '/budget',
//     label: '预算编制',
//     icon: CalculatorOutlined,
//     access: ['财务人员', '财务负责人'],
//     page: { load: () => import('./modules/budget/BudgetPage') },
//   },
//
// List only modules that exist. `access` uses the contract's vocabulary: 'public' (anyone),
// 'signed-in' (any signed-in user) or the roles of which the user needs at least one. A module's access
// is the access of the handler its page cannot do without, read from the contract itself, so the menu
// never offers a page the core would refuse.
import type { ComponentType } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  CalendarOutlined,
  CloudServerOutlined,
  FileDoneOutlined,
  FundOutlined,
  InboxOutlined,
  HomeOutlined,
  InfoCircleOutlined,
  PieChartOutlined,
  ProfileOutlined,
  SettingOutlined,
  TeamOutlined,
  TableOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import type { Access } from '../../shared/contract/define';
import { auditList } from '../../shared/contract/audit';
import { usersList } from '../../shared/contract/auth';
import { backupSettings } from '../../shared/contract/backup';
import { unitsList } from '../../shared/contract/units';
import {
  ledgerPeriodsStatus, ledgerReportsBudgetExecution, ledgerReportsDetailLedger, ledgerReportsStatement01, ledgerSetsList, ledgerVouchersList,
} from '../../shared/contract/ledger';
import { budgetBooksList, budgetConsolidate, budgetRulesList, budgetStatus } from '../../shared/contract/budget';
import { EXPENSE_MODULES } from './modules/expense/menu';
import { COLLECTION_MODULES } from './modules/collection/menu';
import { OVERSIGHT_MODULES } from './modules/oversight/menu';
import { ASSESSMENT_MODULES } from './modules/assessment/menu';

/** A page shipped inside the application frame itself (App.tsx). */
export type BuiltinPage = 'home' | 'about';

export interface ModuleDef {
  /** Stable key: menu key and `data-testid="menu-<key>"`. */
  key: string;
  /** Route path under the hash router; '/' is the home page. */
  path: string;
  /** Chinese menu label and page title. */
  label: string;
  icon: ComponentType;
  /** Who sees the entry (and may open the route). */
  access: Access;
  /** The page: built into the frame, or loaded on demand (a separate chunk). */
  page: { builtin: BuiltinPage } | { load: () => Promise<{ default: ComponentType }> };
  /** Optional group heading in the menu (e.g. '业务', '系统'). */
  group?: string;
  /** Optional count shown after the label (e.g. a module's to-do count); outside the label's test id. */
  badge?: ComponentType;
}

export const MODULES: readonly ModuleDef[] = [
  { key: 'home', path: '/', label: '首页', icon: HomeOutlined, access: 'public', page: { builtin: 'home' } },
  {
    key: 'units',
    path: '/units',
    label: '单位名录',
    icon: ApartmentOutlined,
    access: unitsList.access,
    page: { load: () => import('./modules/units/UnitsPage') },
    group: '基础资料',
  },
  {
    key: 'budget-collect',
    path: '/budget/collect',
    label: '预算收集',
    icon: InboxOutlined,
    access: budgetStatus.access,
    page: { load: () => import('./modules/budget/CollectPage') },
    group: '预算编制',
  },
  {
    key: 'budget-consolidate',
    path: '/budget/consolidate',
    label: '预算汇总',
    icon: FundOutlined,
    access: budgetConsolidate.access,
    page: { load: () => import('./modules/budget/ConsolidatePage') },
    group: '预算编制',
  },
  {
    key: 'budget-approval',
    path: '/budget/approval',
    label: '预算审批',
    icon: FileDoneOutlined,
    access: budgetBooksList.access,
    page: { load: () => import('./modules/budget/ApprovalPage') },
    group: '预算编制',
  },
  {
    key: 'budget-rules',
    path: '/budget/rules',
    label: '预算规则',
    icon: SettingOutlined,
    access: budgetRulesList.access,
    page: { load: () => import('./modules/budget/RulesPage') },
    group: '预算编制',
  },
  {
    key: 'ledger-vouchers',
    path: '/ledger/vouchers',
    label: '凭证管理',
    icon: BookOutlined,
    access: ledgerVouchersList.access,
    page: { load: () => import('./modules/ledger/VouchersPage') },
    group: '会计核算',
  },
  {
    key: 'ledger-periods',
    path: '/ledger/periods',
    label: '期末处理',
    icon: CalendarOutlined,
    access: ledgerPeriodsStatus.access,
    page: { load: () => import('./modules/ledger/PeriodsPage') },
    group: '会计核算',
  },
  {
    key: 'ledger-reports',
    path: '/ledger/reports',
    label: '账簿报表',
    icon: TableOutlined,
    access: ledgerReportsStatement01.access,
    page: { load: () => import('./modules/ledger/ReportsPage') },
    group: '会计核算',
  },
  {
    key: 'ledger-books',
    path: '/ledger/books',
    label: '账簿查询',
    icon: ProfileOutlined,
    access: ledgerReportsDetailLedger.access,
    page: { load: () => import('./modules/ledger/BooksPage') },
    group: '会计核算',
  },
  {
    key: 'ledger-budget-exec',
    path: '/ledger/budget-execution',
    label: '预算执行',
    icon: PieChartOutlined,
    access: ledgerReportsBudgetExecution.access,
    page: { load: () => import('./modules/ledger/BudgetExecPage') },
    group: '会计核算',
  },
  {
    key: 'ledger-setup',
    path: '/ledger/setup',
    label: '账套设置',
    icon: ToolOutlined,
    access: ledgerSetsList.access,
    page: { load: () => import('./modules/ledger/SetupPage') },
    group: '会计核算',
  },
  // Each later domain keeps its entries in modules/<domain>/menu.ts.
  ...EXPENSE_MODULES,
  ...COLLECTION_MODULES,
  ...OVERSIGHT_MODULES,
  ...ASSESSMENT_MODULES,
  {
    key: 'users',
    path: '/users',
    label: '用户与角色',
    icon: TeamOutlined,
    access: usersList.access,
    page: { load: () => import('./modules/users/UsersPage') },
    group: '系统管理',
  },
  {
    key: 'audit',
    path: '/audit',
    label: '审计日志',
    icon: AuditOutlined,
    access: auditList.access,
    page: { load: () => import('./modules/audit/AuditPage') },
    group: '系统管理',
  },
  {
    key: 'backup',
    path: '/backup',
    label: '数据备份',
    icon: CloudServerOutlined,
    access: backupSettings.access,
    page: { load: () => import('./modules/backup/BackupPage') },
    group: '系统管理',
  },
  {
    key: 'about',
    path: '/about',
    label: '系统信息',
    icon: InfoCircleOutlined,
    access: 'public',
    page: { builtin: 'about' },
    group: '系统管理',
  },
];

/** The signed-in user as far as the menu is concerned; `null` before sign-in exists or happens. */
export interface MenuUser {
  roles: readonly string[];
}

export function canSee(access: Access, user: MenuUser | null): boolean {
  if (access === 'public') return true;
  if (!user) return false;
  if (access === 'signed-in') return true;
  return access.some((r) => user.roles.includes(r));
}

/** The modules the user may see, in list order. */
export function visibleModules(user: MenuUser | null, modules: readonly ModuleDef[] = MODULES): ModuleDef[] {
  return modules.filter((m) => canSee(m.access, user));
}
