// 首页 card: rectification items past their deadline (and those still open), linking to 整改台账.
import { useContext, type CSSProperties } from 'react';
import { Link } from 'react-router';
import { Card, Statistic, Typography } from 'antd';
import { useApi } from '../../api/client';
import { SessionContext } from '../../session';
import { numStyle } from '../../components/page';

const { Text } = Typography;

export function OverdueRectCard({ style }: { style?: CSSProperties }) {
  const session = useContext(SessionContext);
  const r = useApi('oversight.rect.overdue', {}, { enabled: !!session });
  if (!session) return null;
  const overdue = r.data?.overdue ?? 0;
  return (
    <Card size="small" style={style} data-testid="home-oversight-overdue">
      <Statistic
        title="逾期未整改的审计问题"
        value={overdue}
        valueRender={() => (
          <span style={{ ...numStyle, color: overdue ? '#cf1322' : undefined }} data-testid="home-oversight-overdue-count">
            {r.data ? overdue : '…'}
          </span>
        )}
      />
      <Text type="secondary">
        未销号 {r.data?.open ?? '…'} 项 · <Link to="/oversight/rectification">整改台账</Link>
      </Text>
    </Card>
  );
}
