// Small building blocks every page uses: the page heading, the loading and load-error states, role tags,
// and turning the core's field-level error details into form errors.
import type { KeyboardEvent, ReactNode } from 'react';
import { Alert, Button, Flex, Spin, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import type { ApiCallError } from '../api/client';

const { Title, Text } = Typography;

/** Tabular figures: columns of numbers line up. */
export const numStyle = { fontVariantNumeric: 'tabular-nums' } as const;

export function Loading({ testId, text }: { testId: string; text: string }) {
  return (
    <Flex justify="center" align="center" style={{ padding: '64px 0' }} data-testid={testId}>
      <Spin size="large" description={text}>
        <div style={{ width: 240, height: 48 }} />
      </Spin>
    </Flex>
  );
}

export function LoadError({
  testId,
  title,
  error,
  onRetry,
}: {
  testId: string;
  title: string;
  error: ApiCallError;
  onRetry?: () => void;
}) {
  return (
    <Alert
      data-testid={testId}
      type="error"
      showIcon
      title={title}
      description={
        <>
          <div data-testid={`${testId}-message`}>{error.message}</div>
          <Text type="secondary" style={{ fontSize: 12 }}>
            错误代码：{error.code}
          </Text>
        </>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry} data-testid={`${testId}-retry`}>
            重试
          </Button>
        )
      }
    />
  );
}

export function PageHeading({ title, extra, sub }: { title: string; extra?: ReactNode; sub?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
      <Flex align="baseline" gap={12}>
        <Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {title}
        </Title>
        {sub && <Text type="secondary">{sub}</Text>}
      </Flex>
      {extra}
    </Flex>
  );
}

const ROLE_COLORS: Record<string, string> = {
  系统管理员: 'volcano',
  只读审阅: 'default',
  经审会主任: 'purple',
  经审会委员: 'purple',
  主席: 'gold',
  常务副主席: 'gold',
  分管财务副主席: 'gold',
  分管领导: 'gold',
  常委会: 'gold',
  财务部门: 'blue',
  会计: 'blue',
  出纳: 'cyan',
  办公室: 'geekblue',
  部门负责人: 'green',
  经办人: 'green',
};

export function RoleTags({ roles, testId }: { roles: readonly string[]; testId?: string }) {
  if (roles.length === 0) return <Text type="secondary">（无角色）</Text>;
  return (
    <span data-testid={testId} style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {roles.map((r) => (
        <Tag key={r} color={ROLE_COLORS[r] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {r}
        </Tag>
      ))}
    </span>
  );
}

/**
 * Puts the core's field-level details (`path` → message) next to the form's fields. `fieldOf` maps a
 * detail's path to a form field name (or null to skip it). Returns whether any field got an error.
 */
export function showFieldErrors(
  form: FormInstance,
  error: ApiCallError,
  fieldOf: (path: string) => string | null = (p) => p,
): boolean {
  const byField = new Map<string, string[]>();
  for (const d of error.details ?? []) {
    const field = fieldOf(d.path.split('.')[0] ?? d.path);
    if (!field) continue;
    byField.set(field, [...(byField.get(field) ?? []), d.message]);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}

/** Moves the focus to the next field of a form when Enter is pressed in a one-line input (as finance
 *  software does); Ctrl+Enter, text areas, drop-downs, date pickers and IME composition are left alone. */
export function enterMovesToNextField(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.nativeEvent.isComposing) return;
  const target = e.target as HTMLElement;
  if (target.tagName !== 'INPUT') return;
  if (target.closest('.ant-select, .ant-picker, .ant-tree-select, .ant-cascader')) return;
  const container = e.currentTarget;
  const fields = Array.from(
    container.querySelectorAll<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea:not([disabled])'),
  ).filter((el) => el.offsetParent !== null);
  const i = fields.indexOf(target);
  if (i < 0) return;
  e.preventDefault();
  const next = fields[i + 1];
  if (next) next.focus();
}
