// Small pieces shared by the expense pages.
import { Tag } from 'antd';
import { formatFen } from '../../format';
import { numStyle } from '../../components/page';
import { beijingDate } from '../../../../shared/dates';

export const STATUS_COLORS: Record<string, string> = { 草稿: 'default', 审批中: 'processing', 已办结: 'success', 已驳回: 'error', 已撤回: 'warning' };

export function Yuan({ fen, testId }: { fen: number | null | undefined; testId?: string }) {
  if (fen === null || fen === undefined) return null;
  return (
    <span style={numStyle} data-testid={testId}>
      {formatFen(fen)}
    </span>
  );
}

export function StatusTag({ status, testId }: { status: string; testId?: string }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId}>
      {status}
    </Tag>
  );
}

export function todayText(): string {
  return beijingDate(new Date());
}
