// 数据备份: a backup now (saved wherever the user chooses), the automatic backups (how many are kept, when
// the last one ran, the recent files), and restoring from a backup file — checked first, then confirmed
// (the current data is replaced; a backup of it is made first), after which everybody signs in again.
import { useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Empty,
  Flex,
  InputNumber,
  List,
  Modal,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import {
  CheckCircleFilled,
  CloseCircleFilled,
  CloudDownloadOutlined,
  FolderOpenOutlined,
  MinusCircleOutlined,
  ReloadOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { MAX_BACKUP_KEEP, type BackupCheck, type BackupFileInfo, type BackupInspection } from '../../../../shared/contract';
import type { UploadedFile } from '../../../../shared/bridge';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatBytes, formatDateTimeSeconds, formatInt } from '../../format';
import { LoadError, Loading, PageHeading, numStyle } from '../../components/page';
import { useSession } from '../../session';

const { Text, Paragraph } = Typography;

const KIND_LABELS: Record<BackupFileInfo['kind'], string> = {
  auto: '自动备份',
  'before-restore': '恢复前备份',
  'before-upgrade': '升级前备份',
  other: '其他',
};

const fileColumns: TableColumnsType<BackupFileInfo> = [
  { title: '文件名', dataIndex: 'name', render: (n: string) => <Text style={{ fontFamily: 'monospace', fontSize: 13 }}>{n}</Text> },
  { title: '类型', dataIndex: 'kind', width: 110, render: (k: BackupFileInfo['kind']) => <Tag>{KIND_LABELS[k]}</Tag> },
  { title: '时间', dataIndex: 'modifiedAt', width: 170, render: (t: string) => <span style={numStyle}>{formatDateTimeSeconds(t)}</span> },
  { title: '大小', dataIndex: 'size', width: 100, align: 'right', render: (s: number) => <span style={numStyle}>{formatBytes(s)}</span> },
];

function CheckIcon({ status }: { status: BackupCheck['status'] }) {
  if (status === 'passed') return <CheckCircleFilled style={{ color: '#389e0d' }} />;
  if (status === 'failed') return <CloseCircleFilled style={{ color: '#cf1322' }} />;
  return <MinusCircleOutlined style={{ color: '#8c8c8c' }} />;
}

const CHECK_STATUS: Record<BackupCheck['status'], string> = { passed: '通过', failed: '未通过', skipped: '未检查' };

function Inspection({ file, inspection }: { file: UploadedFile; inspection: BackupInspection }) {
  const i = inspection;
  const dash = <Text type="secondary">—</Text>;
  return (
    <div data-testid="backup-inspection" data-ok={String(i.ok)}>
      {i.ok ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={<span data-testid="backup-inspection-title">备份文件检查通过，可以恢复</span>}
          description={i.needsUpgrade ? `该备份为较早版本（架构第 ${i.schemaVersion} 版），恢复时将自动升级到第 ${i.latestSchemaVersion} 版。` : undefined}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={<span data-testid="backup-inspection-title">该文件不能用于恢复</span>}
          description={<span data-testid="backup-inspection-failure">{i.failure}</span>}
        />
      )}
      <Row gutter={16}>
        <Col span={14}>
          <Descriptions
            size="small"
            bordered
            column={1}
            styles={{ label: { width: 120 } }}
            items={[
              { key: 'file', label: '文件', children: file.name },
              { key: 'size', label: '大小', children: formatBytes(i.size) },
              { key: 'org', label: '工会名称', children: <span data-testid="backup-inspection-org">{i.orgName ?? '—'}</span> },
              { key: 'year', label: '会计年度', children: i.fiscalYear ? `${i.fiscalYear} 年` : dash },
              {
                key: 'counts',
                label: '数据量',
                children: (
                  <span style={numStyle}>
                    单位 {i.counts.units === null ? '—' : formatInt(i.counts.units)} 个 · 用户{' '}
                    {i.counts.users === null ? '—' : formatInt(i.counts.users)} 个 · 日志{' '}
                    {i.counts.auditRows === null ? '—' : formatInt(i.counts.auditRows)} 条
                  </span>
                ),
              },
              { key: 'last', label: '最后修改', children: i.lastAuditAt ? formatDateTimeSeconds(i.lastAuditAt) : dash },
              { key: 'ver', label: '架构版本', children: i.schemaVersion === null ? dash : `第 ${i.schemaVersion} 版（程序支持第 ${i.latestSchemaVersion} 版）` },
              {
                key: 'chain',
                label: '审计日志链',
                children: i.auditChain ? (
                  i.auditChain.ok ? (
                    <Text type="success">完整（已校验 {formatInt(i.auditChain.checked)} 条）</Text>
                  ) : (
                    <Text type="warning">{i.auditChain.problem ?? '不完整'}</Text>
                  )
                ) : (
                  dash
                ),
              },
              {
                key: 'sha',
                label: 'SHA-256',
                children: (
                  <Text copyable style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>
                    {i.sha256}
                  </Text>
                ),
              },
            ]}
          />
        </Col>
        <Col span={10}>
          <Card size="small" title="恢复前检查" data-testid="backup-checks">
            <List
              size="small"
              dataSource={i.checks}
              renderItem={(c) => (
                <List.Item data-testid="backup-check" data-status={c.status}>
                  <Flex gap={8} align="flex-start">
                    <span style={{ paddingTop: 2 }}>
                      <CheckIcon status={c.status} />
                    </span>
                    <div>
                      <Text strong>{c.label}</Text>
                      <Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                        {CHECK_STATUS[c.status]}
                      </Text>
                      <div>
                        <Text type="secondary" style={{ fontSize: 12 }}>
                          {c.message}
                        </Text>
                      </div>
                    </div>
                  </Flex>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {i.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title="请注意"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {i.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  );
}

export default function BackupPage() {
  const { message, modal } = AntApp.useApp();
  const session = useSession();
  const settings = useApi('backup.settings', {});
  const [creating, setCreating] = useState(false);
  const [keep, setKeep] = useState<number | null>(null);
  const [savingKeep, setSavingKeep] = useState(false);
  const [inspecting, setInspecting] = useState(false);
  const [chosen, setChosen] = useState<{ file: UploadedFile; inspection: BackupInspection } | null>(null);
  const [inspectError, setInspectError] = useState<ApiCallError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  async function backupNow() {
    setCreating(true);
    try {
      const file = await api.invoke('backup.create', {});
      const saved = await api.os.saveExport(file, { title: '保存数据库备份' });
      if (saved) message.success(`备份已保存：${saved}`);
      settings.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setCreating(false);
    }
  }

  async function saveKeep() {
    if (keep === null) return;
    setSavingKeep(true);
    try {
      await api.invoke('backup.setKeep', { keep });
      message.success(`自动备份将保留最近 ${keep} 份`);
      setKeep(null);
      settings.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setSavingKeep(false);
    }
  }

  async function chooseFile() {
    setInspectError(null);
    let files: UploadedFile[];
    try {
      files = await api.os.openFiles({ title: '选择备份文件', filters: [{ name: '数据库备份', extensions: ['sqlite3', 'db', 'bak'] }] });
    } catch (e) {
      setInspectError(ApiCallError.from(e));
      return;
    }
    const file = files[0];
    if (!file) return;
    setChosen(null);
    setInspecting(true);
    try {
      setChosen({ file, inspection: await api.invoke('backup.inspect', { uploadId: file.id }) });
    } catch (e) {
      setInspectError(ApiCallError.from(e));
    } finally {
      setInspecting(false);
    }
  }

  async function restore() {
    if (!chosen) return;
    setRestoring(true);
    setRestoreError(null);
    try {
      const r = await api.invoke('backup.restore', { uploadId: chosen.file.id, confirm: true });
      setConfirming(false);
      modal.success({
        title: '数据已恢复',
        width: 520,
        content: (
          <div data-testid="backup-restored">
            <Paragraph style={{ marginTop: 8 }}>
              已用备份“{chosen.file.name}”替换当前数据
              {r.fromSchemaVersion !== r.schemaVersion ? `，并从第 ${r.fromSchemaVersion} 版升级到第 ${r.schemaVersion} 版` : ''}。
            </Paragraph>
            <Paragraph>
              恢复前的数据已另存为：
              <br />
              <Text code copyable style={{ wordBreak: 'break-all' }}>
                {r.preRestoreBackup}
              </Text>
            </Paragraph>
            <Paragraph style={{ marginBottom: 0 }}>所有用户都需要重新登录（使用备份中的账户和密码）。</Paragraph>
          </div>
        ),
        okText: '重新登录',
        okButtonProps: { 'data-testid': 'backup-restored-ok' } as Record<`data-${string}`, string>,
        onOk: () => session.sessionEnded('数据已从备份恢复，请重新登录。'),
      });
    } catch (e) {
      setRestoreError(ApiCallError.from(e).message);
    } finally {
      setRestoring(false);
    }
  }

  const s = settings.data;

  return (
    <div data-testid="backup-page">
      <PageHeading title="数据备份" />
      <Flex vertical gap={16}>
        <Card size="small" title="立即备份">
          <Flex justify="space-between" align="center" gap={16} wrap>
            <Text type="secondary">
              把当前全部数据（单位、用户、凭证、日志等）备份为一个文件，保存到 U 盘或其他电脑上。建议每月月结后和重要操作前各备份一次。
            </Text>
            <Button type="primary" icon={<CloudDownloadOutlined />} loading={creating} onClick={() => void backupNow()} data-testid="backup-create">
              立即备份到…
            </Button>
          </Flex>
        </Card>

        <Card
          size="small"
          title="自动备份"
          extra={
            <Button size="small" icon={<ReloadOutlined />} onClick={settings.reload}>
              刷新
            </Button>
          }
          data-testid="backup-settings"
        >
          {settings.error ? (
            <LoadError testId="backup-settings-error" title="无法读取备份设置" error={settings.error} onRetry={settings.reload} />
          ) : !s ? (
            <Loading testId="backup-settings-loading" text="正在读取…" />
          ) : (
            <Flex vertical gap={12}>
              <Descriptions
                size="small"
                bordered
                column={1}
                styles={{ label: { width: 160 } }}
                items={[
                  {
                    key: 'last',
                    label: '上次自动备份',
                    children: (
                      <span data-testid="backup-last-auto">{s.lastAuto ? formatDateTimeSeconds(s.lastAuto) : '尚未进行（每天首次启动时自动备份）'}</span>
                    ),
                  },
                  {
                    key: 'keep',
                    label: '保留份数',
                    children: (
                      <Space>
                        <InputNumber
                          min={1}
                          max={MAX_BACKUP_KEEP}
                          precision={0}
                          value={keep ?? s.keep}
                          onChange={(v) => setKeep(typeof v === 'number' ? v : null)}
                          suffix="份"
                          style={{ width: 120 }}
                          data-testid="backup-keep"
                        />
                        {keep !== null && keep !== s.keep && (
                          <Button type="primary" size="small" loading={savingKeep} onClick={() => void saveKeep()} data-testid="backup-keep-save">
                            保存
                          </Button>
                        )}
                        <Text type="secondary">每天首次启动时自动备份一次，超出份数的旧备份自动删除。</Text>
                      </Space>
                    ),
                  },
                  {
                    key: 'dir',
                    label: '备份文件夹',
                    children: (
                      <Text copyable={{ text: s.backupDir, tooltips: ['复制路径', '已复制'] }} data-testid="backup-dir">
                        <FolderOpenOutlined /> {s.backupDir}
                      </Text>
                    ),
                  },
                ]}
              />
              <div data-testid="backup-recent">
                <Text strong>最近的自动备份</Text>
                <Table<BackupFileInfo>
                  size="small"
                  rowKey="name"
                  columns={fileColumns}
                  dataSource={s.recent}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无自动备份" /> }}
                  style={{ marginTop: 8 }}
                  onRow={(r) => ({ 'data-testid': 'backup-file-row', 'data-name': r.name }) as HTMLAttributes<HTMLElement>}
                />
              </div>
              {s.others.length > 0 && (
                <div>
                  <Text strong>恢复前、升级前的备份</Text>
                  <Table<BackupFileInfo>
                    size="small"
                    rowKey="name"
                    columns={fileColumns}
                    dataSource={s.others}
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    style={{ marginTop: 8 }}
                  />
                </div>
              )}
            </Flex>
          )}
        </Card>

        <Card size="small" title="从备份恢复" data-testid="backup-restore-card">
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="恢复会用备份文件替换当前的全部数据"
            description="恢复前程序会先检查备份文件，并自动把当前数据另存一份；恢复后所有用户须重新登录。"
          />
          <Space>
            <Button icon={<FolderOpenOutlined />} onClick={() => void chooseFile()} loading={inspecting} data-testid="backup-choose">
              选择备份文件…
            </Button>
            {chosen?.inspection.ok && (
              <Button
                danger
                type="primary"
                icon={<RollbackOutlined />}
                onClick={() => {
                  setUnderstood(false);
                  setRestoreError(null);
                  setConfirming(true);
                }}
                data-testid="backup-restore"
              >
                恢复此备份…
              </Button>
            )}
          </Space>
          {inspectError && (
            <div style={{ marginTop: 12 }}>
              <LoadError testId="backup-inspect-error" title="无法检查该文件" error={inspectError} />
            </div>
          )}
          {chosen && (
            <div style={{ marginTop: 12 }}>
              <Inspection file={chosen.file} inspection={chosen.inspection} />
            </div>
          )}
        </Card>
      </Flex>

      <Modal
        open={confirming}
        title="确认从备份恢复"
        width={520}
        onCancel={() => !restoring && setConfirming(false)}
        closable={!restoring}
        mask={{ closable: false }}
        okText="确认恢复"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: !understood, ...({ 'data-testid': 'backup-restore-confirm' } as Record<`data-${string}`, string>) }}
        cancelButtonProps={{ disabled: restoring }}
        confirmLoading={restoring}
        onOk={() => void restore()}
      >
        {chosen && (
          <div data-testid="backup-restore-dialog">
            <Paragraph style={{ marginTop: 8 }}>
              将用备份“<Text strong>{chosen.file.name}</Text>”（{chosen.inspection.orgName ?? '未知单位'}
              {chosen.inspection.lastAuditAt ? `，最后修改于 ${formatDateTimeSeconds(chosen.inspection.lastAuditAt)}` : ''}）
              <Text type="danger">替换当前的全部数据</Text>。此后录入的数据将不在恢复后的数据中。
            </Paragraph>
            <Paragraph>恢复前，程序会自动把当前数据备份到备份文件夹，必要时可以再恢复回来。恢复完成后，所有用户须重新登录。</Paragraph>
            <Checkbox checked={understood} onChange={(e) => setUnderstood(e.target.checked)} data-testid="backup-restore-understood">
              我已了解，当前数据将被替换
            </Checkbox>
            {restoreError && <Alert type="error" showIcon style={{ marginTop: 12 }} title={<span data-testid="backup-restore-error">{restoreError}</span>} />}
          </div>
        )}
      </Modal>
    </div>
  );
}
