// The password rules, the same as the core's (shared/contract/auth.ts `password`): shown next to every
// new-password field, checked in the form, and checked again by the core.
import type { FormRule as Rule } from 'antd';
import { Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';

const { Text } = Typography;

export const PASSWORD_RULES: { text: string; test: (p: string) => boolean }[] = [
  { text: '至少 8 位', test: (p) => p.length >= 8 },
  { text: '同时包含字母和数字', test: (p) => /[A-Za-z]/.test(p) && /\d/.test(p) },
  { text: '最多 128 位', test: (p) => p.length <= 128 },
];

export const newPasswordRules: Rule[] = [
  { required: true, message: '请输入新密码' },
  {
    validator: async (_r, value: string | undefined) => {
      if (!value) return;
      if (value.length < 8) throw new Error('密码至少 8 位');
      if (value.length > 128) throw new Error('密码最多 128 位');
      if (!(/[A-Za-z]/.test(value) && /\d/.test(value))) throw new Error('密码须同时包含字母和数字');
    },
  },
];

/** Rules of a "再次输入" field that must repeat the field `of`. */
export function confirmRules(of: string): Rule[] {
  return [
    { required: true, message: '请再次输入密码' },
    ({ getFieldValue }) => ({
      validator: async (_r: unknown, value: string | undefined) => {
        if (value && value !== getFieldValue(of)) throw new Error('两次输入的密码不一致');
      },
    }),
  ];
}

/** The rules as a checklist that follows what has been typed. */
export function PasswordChecklist({ value }: { value: string | undefined }) {
  const p = value ?? '';
  return (
    <div data-testid="password-rules" style={{ display: 'flex', gap: 16, flexWrap: 'wrap', fontSize: 12, marginTop: -8, marginBottom: 12 }}>
      <Text type="secondary" style={{ fontSize: 12 }}>
        密码要求：
      </Text>
      {PASSWORD_RULES.slice(0, 2).map((r) => {
        const ok = p !== '' && r.test(p);
        return (
          <Text key={r.text} type={ok ? 'success' : 'secondary'} style={{ fontSize: 12 }}>
            {ok ? <CheckCircleFilled /> : <CloseCircleOutlined />} {r.text}
          </Text>
        );
      })}
    </div>
  );
}
