// 修改密码: the signed-in user's own password. When the user must change it (first sign-in, or after an
// administrator reset it) the dialog cannot be dismissed: change it, or sign out.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { api, ApiCallError } from '../api/client';
import { showFieldErrors } from '../components/page';
import { PasswordChecklist, confirmRules, newPasswordRules } from '../components/password';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordDialog({
  open,
  forced,
  onCancel,
  onChanged,
  onSignOut,
}: {
  open: boolean;
  forced: boolean;
  onCancel: () => void;
  onChanged: () => void | Promise<void>;
  onSignOut: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const newPassword = Form.useWatch('newPassword', form);

  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('auth.changePassword', { oldPassword: values.oldPassword, newPassword: values.newPassword });
      form.resetFields();
      await onChanged();
    } catch (e) {
      const err = ApiCallError.from(e);
      if (!showFieldErrors(form, err)) setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title="修改密码"
      width={460}
      closable={!forced}
      keyboard={!forced}
      mask={{ closable: !forced }}
      forceRender
      onCancel={() => {
        form.resetFields();
        setError(null);
        onCancel();
      }}
      footer={[
        forced ? (
          <Button key="signout" onClick={onSignOut} data-testid="change-password-signout">
            退出登录
          </Button>
        ) : (
          <Button
            key="cancel"
            onClick={() => {
              form.resetFields();
              setError(null);
              onCancel();
            }}
          >
            取消
          </Button>
        ),
        <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="change-password-submit">
          确认修改
        </Button>,
      ]}
    >
      <div data-testid="change-password-dialog">
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="为了账户安全，请先修改密码"
            description="这是您首次登录，或您的密码已被系统管理员重置。修改后请牢记新密码。"
          />
        )}
        <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
            <Input.Password autoComplete="current-password" data-testid="change-password-old" />
          </Form.Item>
          <Form.Item label="新密码" name="newPassword" rules={newPasswordRules}>
            <Input.Password autoComplete="new-password" data-testid="change-password-new" />
          </Form.Item>
          <PasswordChecklist value={newPassword} />
          <Form.Item label="再次输入新密码" name="confirm" dependencies={['newPassword']} rules={confirmRules('newPassword')}>
            <Input.Password autoComplete="new-password" data-testid="change-password-confirm" onPressEnter={() => form.submit()} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={<span data-testid="change-password-error">{error}</span>} />}
        </Form>
      </div>
    </Modal>
  );
}
