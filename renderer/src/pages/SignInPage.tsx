// 登录: the federation's name as the heading, user name and password (Enter signs in), and the core's
// own Chinese answer when it refuses (wrong password with the attempts left, locked account).
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import type { InputRef } from 'antd';
import { AccountBookOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import type { SessionUser, SetupStatus } from '../../../shared/contract';
import { api, ApiCallError } from '../api/client';

const { Title, Text } = Typography;

export interface SignInNotice {
  type: 'success' | 'info' | 'warning' | 'error';
  text: string;
}

/** The background both start-up screens (first run, sign-in) share. */
export const startScreenStyle = {
  minHeight: '100vh',
  background: 'linear-gradient(180deg, #12335b 0, #1d5fa8 300px, #f2f4f7 300px, #f2f4f7 100%)',
  padding: '56px 24px',
  boxSizing: 'border-box',
} as const;

export function BrandMark({ size = 44 }: { size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        width: size,
        height: size,
        borderRadius: 8,
        background: '#12335b',
        color: '#fff',
        fontSize: size * 0.52,
      }}
    >
      <AccountBookOutlined />
    </span>
  );
}

interface Values {
  username: string;
  password: string;
}

export function SignInPage({
  org,
  notice,
  initialUsername,
  onSignedIn,
}: {
  org: SetupStatus | null;
  notice?: SignInNotice;
  initialUsername?: string;
  onSignedIn: (user: SessionUser) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [retry, setRetry] = useState(0);
  const passwordRef = useRef<InputRef>(null);
  const usernameRef = useRef<InputRef>(null);

  useEffect(() => {
    (initialUsername ? passwordRef : usernameRef).current?.focus();
  }, [initialUsername]);

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      const user = await api.invoke('auth.signIn', { username: values.username.trim(), password: values.password });
      onSignedIn(user);
    } catch (e) {
      setBusy(false);
      setError(ApiCallError.from(e, 'auth.signIn'));
      form.setFieldValue('password', '');
      setRetry((n) => n + 1);
    }
  }

  // After a refusal: the password field, emptied, gets the focus again (once the form is enabled).
  useEffect(() => {
    if (retry > 0) passwordRef.current?.focus();
  }, [retry]);

  const orgName = org?.orgName ?? '县级工会财务工作台';

  return (
    <div style={startScreenStyle} data-testid="signin-page">
      <Flex vertical align="center" gap={20}>
        <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 8px 28px rgba(18,51,91,0.18)' }} styles={{ body: { padding: '32px 36px 24px' } }}>
          <Flex vertical align="center" gap={6} style={{ marginBottom: 24 }}>
            <BrandMark />
            <Title level={3} style={{ margin: '10px 0 0', textAlign: 'center' }} data-testid="signin-org-name">
              {orgName}
            </Title>
            <Text type="secondary">
              县级工会财务工作台{org?.fiscalYear ? ` · ${org.fiscalYear} 年度` : ''}
              {org?.demo ? '（演示数据）' : ''}
            </Text>
          </Flex>
          {notice && (
            <Alert
              type={notice.type}
              showIcon
              title={<span data-testid="signin-notice">{notice.text}</span>}
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<Values>
            form={form}
            layout="vertical"
            requiredMark={false}
            initialValues={{ username: initialUsername ?? '', password: '' }}
            onFinish={submit}
            onValuesChange={() => error && setError(null)}
            disabled={busy}
          >
            <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
              <Input
                ref={usernameRef}
                size="large"
                prefix={<UserOutlined style={{ color: '#8c97a8' }} />}
                autoComplete="username"
                data-testid="signin-username"
              />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password
                ref={passwordRef}
                size="large"
                prefix={<LockOutlined style={{ color: '#8c97a8' }} />}
                autoComplete="current-password"
                data-testid="signin-password"
              />
            </Form.Item>
            {error && (
              <Alert
                type="error"
                showIcon
                title={<span data-testid="signin-error">{error.message}</span>}
                style={{ marginBottom: 16 }}
              />
            )}
            <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="signin-submit">
              登录
            </Button>
          </Form>
          <Text type="secondary" style={{ display: 'block', textAlign: 'center', marginTop: 18, fontSize: 12 }}>
            忘记密码或账户被锁定，请联系系统管理员重置密码。
          </Text>
        </Card>
      </Flex>
    </div>
  );
}
