// 导入 Excel: the chosen workbook is first checked (a dry run: nothing is written) and the result shown —
// what would be created/updated, or every error by 工作表/行/列 (then nothing is imported). Only after
// 确认导入 does the core import for real, reporting its progress.
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Col, Descriptions, Flex, Modal, Progress, Result, Row, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { UnitImportIssue, UnitImportResult } from '../../../../shared/contract';
import type { UploadedFile } from '../../../../shared/bridge';
import { api, ApiCallError, useProgress } from '../../api/client';
import { formatInt } from '../../format';
import { numStyle } from '../../components/page';

const { Text } = Typography;

export const EXCEL_FILTERS = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];

type State =
  | { phase: 'checking'; file: UploadedFile }
  | { phase: 'checked'; file: UploadedFile; result: UnitImportResult }
  | { phase: 'importing'; file: UploadedFile; result: UnitImportResult }
  | { phase: 'done'; file: UploadedFile; result: UnitImportResult }
  | { phase: 'failed'; file: UploadedFile | null; error: ApiCallError; checked?: UnitImportResult };

const issueColumns: TableColumnsType<UnitImportIssue & { n: number }> = [
  { title: '工作表', dataIndex: 'sheet', width: 100 },
  {
    title: '行',
    dataIndex: 'row',
    width: 70,
    align: 'right',
    render: (r: number | null) => (r === null ? '—' : <span style={numStyle}>{r}</span>),
  },
  { title: '列', dataIndex: 'column', width: 170, render: (c: string | null) => c ?? '—' },
  { title: '问题', dataIndex: 'message' },
];

function IssueTable({ issues, testId }: { issues: UnitImportIssue[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <Table<UnitImportIssue & { n: number }>
        size="small"
        rowKey="n"
        columns={issueColumns}
        dataSource={issues.map((x, n) => ({ ...x, n }))}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
        onRow={(r) => ({ 'data-testid': `${testId}-row`, 'data-row': r.row ?? '', 'data-column': r.column ?? '' }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

function Counts({ result, done }: { result: UnitImportResult; done: boolean }) {
  const verb = done ? '' : '将';
  return (
    <Row gutter={16} style={{ margin: '8px 0 16px' }} data-testid="unit-import-counts">
      <Col span={6}>
        <Statistic title="读取数据行" value={formatInt(result.rows)} />
      </Col>
      <Col span={6}>
        <Statistic title={`${verb}新增`} value={formatInt(result.created)} styles={{ content: { color: '#237804' } }} suffix="个" data-testid="unit-import-created" />
      </Col>
      <Col span={6}>
        <Statistic title={`${verb}更新`} value={formatInt(result.updated)} styles={{ content: { color: '#1d5fa8' } }} suffix="个" data-testid="unit-import-updated" />
      </Col>
      <Col span={6}>
        <Statistic title="无变化" value={formatInt(result.unchanged)} suffix="个" data-testid="unit-import-unchanged" />
      </Col>
    </Row>
  );
}

function ImportProgress() {
  const p = useProgress('units.import');
  const percent = p && p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;
  return (
    <div style={{ padding: '24px 8px' }} data-testid="unit-import-progress">
      <Progress percent={percent} status="active" />
      <Text type="secondary">{p?.message ?? '正在导入，请稍候…'}</Text>
    </div>
  );
}

export function useUnitImport(onImported: () => void) {
  const [state, setState] = useState<State | null>(null);

  /** Shows the file dialog (must run from a click) and checks the chosen file. */
  async function choose() {
    let files: UploadedFile[];
    try {
      files = await api.os.openFiles({ title: '选择要导入的单位名录（Excel）', filters: EXCEL_FILTERS });
    } catch (e) {
      setState({ phase: 'failed', file: null, error: ApiCallError.from(e) });
      return;
    }
    const file = files[0];
    if (!file) return; // cancelled
    setState({ phase: 'checking', file });
    try {
      const result = await api.invoke('units.import', { uploadId: file.id, dryRun: true });
      setState({ phase: 'checked', file, result });
    } catch (e) {
      setState({ phase: 'failed', file, error: ApiCallError.from(e) });
    }
  }

  async function confirm() {
    if (state?.phase !== 'checked') return;
    const { file, result: checked } = state;
    setState({ phase: 'importing', file, result: checked });
    try {
      const result = await api.invoke('units.import', { uploadId: file.id, dryRun: false });
      if (result.ok) {
        setState({ phase: 'done', file, result });
        onImported();
      } else {
        // The data changed between the check and the import: show what is wrong now.
        setState({ phase: 'checked', file, result });
      }
    } catch (e) {
      setState({ phase: 'failed', file, error: ApiCallError.from(e), checked });
    }
  }

  const close = () => setState(null);

  const modal = (
    <UnitImportModal state={state} onChoose={() => void choose()} onConfirm={() => void confirm()} onClose={close} />
  );
  return { choose, modal };
}

function UnitImportModal({
  state,
  onChoose,
  onConfirm,
  onClose,
}: {
  state: State | null;
  onChoose: () => void;
  onConfirm: () => void;
  onClose: () => void;
}) {
  if (!state) return null;
  const busy = state.phase === 'checking' || state.phase === 'importing';
  const checked = state.phase === 'checked' ? state.result : null;

  let body: ReactNode;
  let footer: ReactNode[];
  const again = (
    <Button key="again" onClick={onChoose} disabled={busy} data-testid="unit-import-choose-again">
      重新选择文件…
    </Button>
  );

  if (state.phase === 'checking') {
    body = (
      <div style={{ padding: '24px 8px' }} data-testid="unit-import-checking">
        <Progress percent={100} status="active" showInfo={false} />
        <Text type="secondary">正在检查“{state.file.name}”，检查期间不会写入任何数据…</Text>
      </div>
    );
    footer = [];
  } else if (state.phase === 'importing') {
    body = <ImportProgress />;
    footer = [];
  } else if (state.phase === 'done') {
    body = (
      <div data-testid="unit-import-done">
        <Result
          status="success"
          title="导入完成"
          subTitle={`已从“${state.file.name}”导入：新增 ${formatInt(state.result.created)} 个，更新 ${formatInt(state.result.updated)} 个，无变化 ${formatInt(state.result.unchanged)} 个。`}
          style={{ padding: '16px 0' }}
        />
      </div>
    );
    footer = [
      <Button key="ok" type="primary" onClick={onClose} data-testid="unit-import-finish">
        完成
      </Button>,
    ];
  } else if (state.phase === 'failed') {
    body = (
      <Alert
        type="error"
        showIcon
        data-testid="unit-import-failed"
        title={state.checked ? '导入失败，未导入任何数据' : '无法检查该文件'}
        description={<span data-testid="unit-import-failed-message">{state.error.message}</span>}
      />
    );
    footer = [
      <Button key="close" onClick={onClose}>
        关闭
      </Button>,
      again,
    ];
  } else {
    const r = checked!;
    body = (
      <div data-testid="unit-import-result" data-ok={String(r.ok)}>
        <Descriptions
          size="small"
          column={2}
          style={{ marginBottom: 12 }}
          items={[
            { key: 'file', label: '文件', children: <span data-testid="unit-import-file">{r.fileName}</span> },
            { key: 'sheet', label: '工作表', children: r.sheet ?? '—' },
          ]}
        />
        {r.ok ? (
          <>
            <Alert
              type="success"
              showIcon
              data-testid="unit-import-ok"
              title="检查通过，未发现错误"
              description="以下是确认导入后将发生的变化。点击“确认导入”才会写入数据。"
            />
            <Counts result={r} done={false} />
          </>
        ) : (
          <>
            <Alert
              type="error"
              showIcon
              data-testid="unit-import-errors-alert"
              title={`发现 ${formatInt(r.errorCount)} 处错误，未导入任何数据`}
              description="请按下表修改 Excel 文件（行号即 Excel 中的行号），保存后重新选择文件导入。"
              style={{ marginBottom: 12 }}
            />
            <IssueTable issues={r.errors} testId="unit-import-errors" />
            {r.errorCount > r.errors.length && (
              <Text type="secondary">仅列出前 {formatInt(r.errors.length)} 处错误。</Text>
            )}
          </>
        )}
        {r.warnings.length > 0 && (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ margin: '12px 0' }}
              title={`另有 ${formatInt(r.warningCount)} 条提示（不影响导入），请核对`}
            />
            <IssueTable issues={r.warnings} testId="unit-import-warnings" />
          </>
        )}
      </div>
    );
    footer = r.ok
      ? [
          <Button key="cancel" onClick={onClose}>
            取消
          </Button>,
          again,
          <Button key="go" type="primary" onClick={onConfirm} data-testid="unit-import-confirm">
            确认导入
          </Button>,
        ]
      : [
          <Button key="close" onClick={onClose} data-testid="unit-import-close">
            关闭
          </Button>,
          again,
        ];
  }

  return (
    <Modal
      open
      width={860}
      title={
        <Flex align="center" gap={8}>
          <FileExcelOutlined style={{ color: '#237804' }} />
          <span>导入单位名录</span>
          {'file' in state && state.file && (
            <Text type="secondary" style={{ fontWeight: 'normal' }}>
              — {state.file.name}
            </Text>
          )}
        </Flex>
      }
      closable={!busy}
      keyboard={!busy}
      mask={{ closable: false }}
      onCancel={onClose}
      footer={footer}
    >
      <div data-testid="unit-import-dialog">{body}</div>
    </Modal>
  );
}
