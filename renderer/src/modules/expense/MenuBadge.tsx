// The count of the signed-in user's expenditure to-dos beside the 支出申请 menu entry (refreshed on every
// navigation and every minute).
import { useEffect } from 'react';
import { Badge } from 'antd';
import { useLocation } from 'react-router';
import { EXPENSE_ACTORS } from '../../../../shared/contract/expense';
import { useApi } from '../../api/client';
import { hasAnyRole, useSession } from '../../session';

export default function ExpenseMenuBadge() {
  const { user } = useSession();
  const show = hasAnyRole(user, EXPENSE_ACTORS);
  const todo = useApi('expense.todo', { limit: 1 }, { enabled: show });
  const location = useLocation();
  const { reload } = todo;
  useEffect(() => {
    if (show) reload();
  }, [location.pathname, location.search, show, reload]);
  useEffect(() => {
    if (!show) return;
    const t = setInterval(reload, 60_000);
    return () => clearInterval(t);
  }, [show, reload]);
  const n = todo.data?.total ?? 0;
  if (!show || n === 0) return null;
  return <Badge count={n} size="small" data-testid="menu-badge-expense" />;
}
