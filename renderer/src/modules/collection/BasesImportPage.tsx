// 缴费基数导入: the payers' monthly payroll base (工资总额) in bulk. Download the template (blank or with the
// payers listed), choose the filled-in file (Excel or CSV), preview — new / changed / unchanged rows and
// every error by sheet, row and column — then import; refused while any blocking error exists.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Flex, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { api, ApiCallError } from '../../api/client';
import { PageHeading } from '../../components/page';
import type { UploadedFile } from '../../../../shared/bridge';
import type { ImportIssue } from '../../../../shared/contract/collection';
import type { BaseImportResult, BaseImportRow } from '../../../../shared/contract/collection-bases';
import { Dash, Fen, useCan } from './common';

const { Text, Paragraph } = Typography;
const FILTERS = [{ name: 'Excel 或 CSV', extensions: ['xlsx', 'csv'] }];
const STATUS_COLOR: Record<BaseImportRow['status'], string> = { 新增: 'green', 修改: 'orange', 无变化: 'default' };

export default function BasesImportPage() {
  const { message } = AntApp.useApp();
  const can = useCan();
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [result, setResult] = useState<BaseImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);

  async function template(withPayers: boolean) {
    setExporting(true);
    try {
      const f = await api.invoke('collection.bases.template', { withPayers });
      const saved = await api.os.saveExport(f, { title: '保存缴费基数导入模板' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setExporting(false);
    }
  }

  async function choose() {
    setError(null);
    try {
      const files = await api.os.openFiles({ title: '选择月工资总额文件（Excel 或 CSV）', filters: FILTERS });
      if (!files[0]) return;
      setFile(files[0]);
      setResult(null);
    } catch (e) {
      setError(ApiCallError.from(e));
    }
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('collection.bases.import', { uploadId: file.id, dryRun });
      setResult(r);
      if (r.status === 'imported') message.success(`已导入：新增 ${r.newCount} 行，修改 ${r.changedCount} 行`);
    } catch (e) {
      setError(ApiCallError.from(e));
    } finally {
      setBusy(false);
    }
  }

  const canImport = result?.status === 'checked' && result.newCount + result.changedCount > 0;
  return (
    <div data-testid="collection-bases-page">
      <PageHeading title="缴费基数导入" sub="批量登记缴费单位自某月起的月工资总额（应缴 = 当月月工资总额 × 费率）" />
      <Space direction="vertical" style={{ width: '100%' }} size={16}>
        <Card size="small" title="1. 下载模板并填写">
          <Paragraph style={{ marginBottom: 8 }}>
            列：<Text code>单位编码</Text> 或 <Text code>统一社会信用代码</Text>（至少一项，两项都填须是同一单位）、<Text code>起始月份</Text>（YYYY-MM）、
            <Text code>月工资总额（元）</Text>、<Text code>职工人数</Text>（选填）、<Text code>备注</Text>（选填）。同一单位同一起始月份已有记录时视为修改，原数值记入审计日志。
          </Paragraph>
          <Flex gap={8} wrap>
            <Button loading={exporting} onClick={() => void template(false)} data-testid="collection-bases-template">下载空白模板</Button>
            <Button loading={exporting} onClick={() => void template(true)} data-testid="collection-bases-template-payers">下载模板（列出全部缴费单位）</Button>
          </Flex>
        </Card>
        <Card size="small" title="2. 选择文件，预览检查后导入">
          <Flex gap={8} align="center" wrap>
            <Button type="primary" onClick={() => void choose()} disabled={!can.write} data-testid="collection-bases-file">选择文件…</Button>
            {file && <Text data-testid="collection-bases-filename">{file.name}</Text>}
            <Button loading={busy} disabled={!file} onClick={() => void run(true)} data-testid="collection-bases-preview">预览检查</Button>
            <Button type="primary" danger loading={busy} disabled={!canImport} onClick={() => void run(false)} data-testid="collection-bases-import">确认导入</Button>
          </Flex>
          {error && <Alert type="error" showIcon title={error.message} style={{ marginTop: 12 }} data-testid="collection-bases-error" />}
        </Card>
        {result && <ResultView result={result} />}
      </Space>
    </div>
  );
}

function ResultView({ result }: { result: BaseImportResult }) {
  const statusText =
    result.status === 'rejected' ? '有错误，未写入任何数据：请改正后重新选择文件' :
    result.status === 'checked' ? (result.newCount + result.changedCount > 0 ? '检查通过，可以确认导入' : '检查通过：与已登记的数值完全相同，无需导入') :
    `已导入：新增 ${result.newCount} 行，修改 ${result.changedCount} 行`;
  const errorCols: TableColumnsType<ImportIssue> = [
    { title: '工作表', dataIndex: 'sheet', width: 140 },
    { title: '行', dataIndex: 'row', width: 70, render: (v: number | null) => v ?? <Dash /> },
    { title: '列', dataIndex: 'column', width: 220, render: (v: string | null) => v ?? <Dash /> },
    { title: '问题', dataIndex: 'message' },
  ];
  const rowCols: TableColumnsType<BaseImportRow> = [
    { title: '行', dataIndex: 'row', width: 60 },
    { title: '结果', dataIndex: 'status', width: 80, render: (v: BaseImportRow['status']) => <Tag color={STATUS_COLOR[v]}>{v}</Tag> },
    { title: '单位编码', dataIndex: 'unitCode', width: 110 },
    { title: '单位', dataIndex: 'unitName', ellipsis: true },
    { title: '起始月份', dataIndex: 'fromMonth', width: 90 },
    { title: '月工资总额（元）', dataIndex: 'payrollBaseFen', width: 150, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '原数值（元）', dataIndex: 'beforeFen', width: 150, align: 'right', render: (v: number | null) => (v === null ? <Dash /> : <Fen v={v} />) },
    { title: '职工人数', dataIndex: 'staffCount', width: 90, align: 'right', render: (v: number | null) => v ?? <Dash /> },
    { title: '备注', dataIndex: 'note', width: 160, ellipsis: true, render: (v: string | null) => v ?? '' },
  ];
  return (
    <Card size="small" title="3. 检查结果" data-testid="collection-bases-result" data-status={result.status}>
      <Alert type={result.status === 'rejected' ? 'error' : 'success'} showIcon title={<span data-testid="collection-bases-status">{statusText}</span>} style={{ marginBottom: 12 }} />
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={4}><Statistic title="数据行" value={result.rows} /></Col>
        <Col span={4}><Statistic title="新增" value={result.newCount} valueRender={(n) => <span data-testid="collection-bases-new">{n}</span>} /></Col>
        <Col span={4}><Statistic title="修改" value={result.changedCount} valueRender={(n) => <span data-testid="collection-bases-changed">{n}</span>} /></Col>
        <Col span={4}><Statistic title="无变化" value={result.unchangedCount} valueRender={(n) => <span data-testid="collection-bases-unchanged">{n}</span>} /></Col>
        <Col span={4}><Statistic title="错误" value={result.errorCount} valueRender={(n) => <span data-testid="collection-bases-errorcount">{n}</span>} /></Col>
      </Row>
      {result.errors.length > 0 && (
        <Table<ImportIssue> size="small" rowKey={(r, i) => `${r.row}-${r.column}-${i}`} columns={errorCols} dataSource={result.errors}
          pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="collection-bases-errors"
          title={() => <Text strong>错误（按工作表、行、列；共 {result.errorCount} 处{result.errorCount > result.errors.length ? `，列出前 ${result.errors.length} 处` : ''}）</Text>}
          onRow={(r) => ({ 'data-testid': 'collection-bases-error-row', 'data-row': r.row ?? '', 'data-column': r.column ?? '' }) as HTMLAttributes<HTMLElement>} />
      )}
      {result.warnings.length > 0 && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} title={result.warnings.map((w) => `第 ${w.row ?? '—'} 行：${w.message}`).join('；')} />
      )}
      {result.preview.length > 0 && (
        <Table<BaseImportRow> size="small" rowKey="row" columns={rowCols} dataSource={result.preview} style={{ marginTop: 12 }} scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="collection-bases-rows"
          title={() => <Text strong>{result.status === 'rejected' ? '没有错误的行（改正错误后才会导入）' : '各行结果（修改、新增在前）'}</Text>}
          onRow={(r) => ({ 'data-testid': 'collection-bases-row', 'data-row': r.row, 'data-status': r.status }) as HTMLAttributes<HTMLElement>} />
      )}
    </Card>
  );
}
