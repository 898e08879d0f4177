// 支出审批 (七步审批链): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import { AccountBookOutlined, FundProjectionScreenOutlined } from '@ant-design/icons';
import type { ModuleDef } from '../../modules';
import { expenseExecution, expenseList } from '../../../../shared/contract/expense';
import ExpenseMenuBadge from './MenuBadge';

export const EXPENSE_MODULES: readonly ModuleDef[] = [
  {
    key: 'expense',
    path: '/expense',
    label: '支出申请',
    icon: AccountBookOutlined,
    access: expenseList.access,
    page: { load: () => import('./ExpensePage') },
    group: '支出审批',
    badge: ExpenseMenuBadge,
  },
  {
    key: 'expense-execution',
    path: '/expense/execution',
    label: '预算执行与三公',
    icon: FundProjectionScreenOutlined,
    access: expenseExecution.access,
    page: { load: () => import('./ExecutionPage') },
    group: '支出审批',
  },
];
