// 首页 to-do panel: the expenditure requests waiting for the signed-in user's roles (and their own returned
// ones), counts per step and the first rows; a link opens 支出申请. Shown only to the chain's roles.
import { Card, Flex, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { EXPENSE_ACTORS } from '../../../../shared/contract/expense';
import { EXPENSE_STEPS } from '../../../../shared/expense/constants';
import { useApi } from '../../api/client';
import { hasAnyRole, useSession } from '../../session';
import { Yuan } from './common';

const { Text } = Typography;

export function ExpenseTodoCard() {
  const { user } = useSession();
  const show = hasAnyRole(user, EXPENSE_ACTORS);
  const todo = useApi('expense.todo', { limit: 5 }, { enabled: show });
  const navigate = useNavigate();
  if (!show || !todo.data) return null;
  const t = todo.data;
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={<span data-testid="home-expense-todo-title">支出审批待办（{t.total}）</span>}
      extra={<a onClick={() => navigate('/expense')} data-testid="home-expense-todo-open">打开支出申请</a>} data-testid="home-expense-todo">
      {t.total === 0 ? (
        <Text type="secondary">当前没有等待您处理的支出申请。</Text>
      ) : (
        <Flex vertical gap={6}>
          <Flex gap={6} wrap>
            {Object.entries(t.counts).map(([step, n]) => <Tag key={step} color="blue">{EXPENSE_STEPS[Number(step) - 1]}：{n}</Tag>)}
          </Flex>
          {t.rows.map((r) => (
            <Flex key={r.id} gap={12} data-testid="home-expense-todo-row">
              <Text strong>{r.number}</Text>
              <Text>{r.stepName}</Text>
              <Text ellipsis style={{ maxWidth: 360 }}>{r.purpose}</Text>
              <Yuan fen={r.amountFen} />
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}
