// 预算收集: who of the year's units has submitted (已提交 / 未提交 / 有错误, counts on top), exporting
// templates (one unit, or every unit of the filter, with a progress bar), importing one or many filled
// workbooks (each checked and imported on its own; the result per file with every error by 工作表/行/列),
// and a unit's version history with the line-level differences between versions.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Drawer, Empty, Flex, Input, List, Modal, Progress, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, FileExcelOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { BudgetImportResult, BudgetStatusRow, BudgetVersionRow } from '../../../../shared/contract/budget';
import { BUDGET_CLERKS, SUBMISSION_STATUSES, type SubmissionStatus } from '../../../../shared/budget/constants';
import { UNIT_KINDS } from '../../../../shared/units';
import { api, ApiCallError, useApi, useProgress } from '../../api/client';
import { formatDateTime, formatInt } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { Dash, Fen, IssueTable, LineDiffTable, YearPicker, useDefaultYear } from './common';

const { Text } = Typography;
const EXCEL = [{ name: 'Excel 工作簿', extensions: ['xlsx'] }];
const STATUS_COLORS: Record<SubmissionStatus, string> = { 已提交: 'success', 未提交: 'default', 有错误: 'error' };

type Kind = (typeof UNIT_KINDS)[number];

export default function CollectPage() {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const canWork = hasAnyRole(user, BUDGET_CLERKS);
  const [year, setYear] = useState(useDefaultYear());
  const [status, setStatus] = useState<SubmissionStatus | null>(null);
  const [kind, setKind] = useState<Kind | null>(null);
  const [q, setQ] = useState('');
  const [keyword, setKeyword] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [busy, setBusy] = useState<null | 'export' | 'import'>(null);
  const [imported, setImported] = useState<BudgetImportResult | null>(null);
  const [history, setHistory] = useState<BudgetStatusRow | null>(null);

  const filter = { year, q: q || null, kind, status };
  const list = useApi('budget.status', { ...filter, ...paging });
  const counts = list.data?.counts;
  // Starting figures from accepted assessment allocations (考核评价 → 资金分配建议), one per unit.
  const starts = useApi('assessment.allocations.accepted', { year });
  const startOf = new Map((starts.data ?? []).map((x) => [x.unitId, x]));

  async function exportTemplates(unitIds: number[], title: string) {
    setBusy('export');
    try {
      const r = await api.invoke('budget.templates.export', { year, unitIds, prefill: false });
      if (r.files.length === 1) {
        const p = await api.os.saveExport(r.files[0], { title: `${title}：${r.files[0].unitName}` });
        if (p) message.success(`已导出“${r.files[0].unitName}”的预算模板`);
      } else {
        // Many units: one folder dialog (desktop) or one zip download (browser), not a dialog per file.
        const saved = await api.os.saveExportsToFolder(r.files, { title: `${title}（${formatInt(r.files.length)} 个单位）`, zipName: `${year}年度预算填报模板（${r.files.length}个单位）.zip` });
        if (saved) {
          message.success(
            saved.kind === 'folder'
              ? `已将 ${formatInt(saved.files.length)} 个单位的预算模板保存到 ${saved.folder}`
              : `已下载 ${formatInt(saved.files.length)} 个单位的预算模板（压缩文件 ${saved.folder}）`,
          );
        }
      }
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(null);
    }
  }

  async function exportFiltered() {
    setBusy('export');
    try {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const r = await api.invoke('budget.status', { ...filter, page, pageSize: 500 });
        ids.push(...r.rows.map((x) => x.unit.id));
        if (ids.length >= r.total || r.rows.length === 0) break;
      }
      if (ids.length === 0) {
        message.warning('当前筛选条件下没有单位。');
        setBusy(null);
        return;
      }
      await exportTemplates(ids, '保存预算模板');
    } catch (e) {
      message.error(ApiCallError.from(e).message);
      setBusy(null);
    }
  }

  async function importFiles() {
    let files;
    try {
      files = await api.os.openFiles({ title: '选择填好的预算工作簿（可多选）', filters: EXCEL, multiple: true });
    } catch (e) {
      message.error(ApiCallError.from(e).message);
      return;
    }
    if (!files.length) return;
    setBusy('import');
    try {
      const r = await api.invoke('budget.import', { year, uploadIds: files.map((f) => f.id), dryRun: false });
      setImported(r);
      list.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(null);
    }
  }

  const columns: TableColumnsType<BudgetStatusRow> = [
    { title: '单位编码', key: 'code', width: 110, render: (_, r) => <span style={{ fontFamily: 'monospace' }}>{r.unit.code}</span> },
    {
      title: '单位名称',
      key: 'name',
      width: 230,
      ellipsis: true,
      render: (_, r) => <span title={r.parentName ? `上级单位：${r.parentName}` : undefined}>{r.unit.name}</span>,
    },
    { title: '类别', key: 'kind', width: 90, render: (_, r) => <Tag>{r.unit.kind}</Tag> },
    {
      title: '报送状态',
      dataIndex: 'status',
      width: 100,
      render: (s: SubmissionStatus, r) => (
        <Tag color={STATUS_COLORS[s]} data-testid="budget-status-tag">
          {s}
          {s === '有错误' && r.lastErrorCount ? `（${r.lastErrorCount}）` : ''}
        </Tag>
      ),
    },
    { title: '版本', key: 'ver', width: 76, align: 'right', render: (_, r) => (r.versionSeq ? <span style={numStyle}>第 {r.versionSeq} 版</span> : <Dash />) },
    { title: '收入预算（元）', dataIndex: 'incomeFen', width: 130, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '支出预算（元）', dataIndex: 'expenseFen', width: 130, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    {
      title: '起始数（考核）',
      key: 'start',
      width: 130,
      align: 'right',
      render: (_, r) => {
        const st = startOf.get(r.unit.id);
        return st ? <span title={st.basis} data-testid="budget-start-figure"><Fen v={st.amountFen} /></span> : <Dash />;
      },
    },
    {
      title: '最近导入',
      key: 'last',
      width: 240,
      ellipsis: true,
      render: (_, r) => (r.lastAttemptAt ? <Text type="secondary">{formatDateTime(r.lastAttemptAt)} {r.lastFileName}</Text> : <Dash />),
    },
    {
      title: '操作',
      key: 'ops',
      width: 160,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          {canWork && (
            <Button size="small" type="link" disabled={!!busy} onClick={() => void exportTemplates([r.unit.id], '保存预算模板')} data-testid="budget-row-template">
              导出模板
            </Button>
          )}
          <Button size="small" type="link" onClick={() => setHistory(r)} data-testid="budget-row-history">
            版本记录
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="budget-collect-page">
      <PageHeading
        title="预算收集"
        sub="各单位在模板中离线填报预算，财务部门导入汇总；每次成功导入形成该单位的一个新版本。"
        extra={
          <Space wrap>
            <YearPicker value={year} onChange={(y) => { setYear(y); setPaging((p) => ({ ...p, page: 1 })); }} testId="budget-year" />
            {canWork && (
              <Button icon={<DownloadOutlined />} onClick={() => void exportFiltered()} loading={busy === 'export'} disabled={!!busy} data-testid="budget-export-all">
                导出模板（当前筛选的全部单位）
              </Button>
            )}
            {canWork && (
              <Button type="primary" icon={<UploadOutlined />} onClick={() => void importFiles()} loading={busy === 'import'} disabled={!!busy} data-testid="budget-import">
                导入预算工作簿…
              </Button>
            )}
          </Space>
        }
      />
      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="budget-counts">
        {(['全部', ...SUBMISSION_STATUSES] as const).map((s) => (
          <Col span={6} key={s}>
            <Card
              size="small"
              hoverable
              onClick={() => { setStatus(s === '全部' ? null : s); setPaging((p) => ({ ...p, page: 1 })); }}
              style={{ borderColor: (status ?? '全部') === s ? '#1d5fa8' : undefined }}
              data-testid={`budget-count-${s}`}
            >
              <Statistic
                title={s === '全部' ? '单位总数' : s}
                value={counts ? formatInt(counts[s]) : '—'}
                suffix="个"
                styles={{ content: { color: s === '有错误' ? '#cf1322' : s === '未提交' ? '#ad6800' : s === '已提交' ? '#237804' : undefined } }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {busy && <BusyProgress kind={busy} />}
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<string>
            value={status ?? '全部'}
            options={['全部', ...SUBMISSION_STATUSES]}
            onChange={(v) => { setStatus(v === '全部' ? null : (v as SubmissionStatus)); setPaging((p) => ({ ...p, page: 1 })); }}
            data-testid="budget-filter-status"
          />
          <Select<Kind>
            allowClear
            placeholder="单位类别"
            style={{ width: 140 }}
            value={kind ?? undefined}
            options={UNIT_KINDS.map((k) => ({ value: k, label: k }))}
            onChange={(v) => { setKind(v ?? null); setPaging((p) => ({ ...p, page: 1 })); }}
            data-testid="budget-filter-kind"
          />
          <Input.Search
            allowClear
            placeholder="单位编码或名称"
            style={{ width: 240 }}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(v) => { setQ(v.trim()); setPaging((p) => ({ ...p, page: 1 })); }}
            data-testid="budget-filter-q"
          />
          <Button icon={<ReloadOutlined />} onClick={list.reload}>刷新</Button>
        </Flex>
        {list.error && !list.data ? (
          <LoadError title="无法读取报送情况" error={list.error} onRetry={list.reload} testId="budget-status-error" />
        ) : (
          <Table<BudgetStatusRow>
            size="small"
            rowKey={(r) => r.unit.id}
            data-testid="budget-status-table"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.rows ?? []}
            scroll={{ x: 1290 }}
            expandable={{
              rowExpandable: (r) => r.status === '有错误' && r.lastErrors.length > 0,
              expandedRowRender: (r) => <IssueTable issues={r.lastErrors} testId="budget-last-errors" pageSize={5} />,
            }}
            onRow={(r) => ({ 'data-testid': 'budget-status-row', 'data-unit': r.unit.code, 'data-status': r.status }) as HTMLAttributes<HTMLElement>}
            pagination={{
              current: paging.page,
              pageSize: paging.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (t) => `共 ${formatInt(t)} 个单位`,
              onChange: (page, pageSize) => setPaging({ page, pageSize }),
            }}
            locale={{ emptyText: <Empty description="没有符合条件的单位" /> }}
          />
        )}
      </Card>
      {imported && <ImportResultModal result={imported} onClose={() => setImported(null)} onAgain={() => { setImported(null); void importFiles(); }} />}
      {history && <HistoryDrawer year={year} row={history} onClose={() => setHistory(null)} />}
    </div>
  );
}

function BusyProgress({ kind }: { kind: 'export' | 'import' }) {
  const p = useProgress(kind === 'export' ? 'budget.templates.export' : 'budget.import');
  const percent = p && p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="budget-progress">
      <Progress percent={percent} status="active" />
      <Text type="secondary">{p?.message ?? (kind === 'export' ? '正在生成预算模板…' : '正在检查并导入工作簿，每个文件单独导入…')}</Text>
    </Card>
  );
}

function ImportResultModal({ result, onClose, onAgain }: { result: BudgetImportResult; onClose: () => void; onAgain: () => void }) {
  return (
    <Modal
      open
      width={980}
      title={
        <Flex gap={8} align="center">
          <FileExcelOutlined style={{ color: '#237804' }} />
          <span>预算导入结果（{result.year} 年度）</span>
        </Flex>
      }
      onCancel={onClose}
      footer={[
        <Button key="again" onClick={onAgain} data-testid="budget-import-again">继续导入…</Button>,
        <Button key="ok" type="primary" onClick={onClose} data-testid="budget-import-close">完成</Button>,
      ]}
    >
      <div data-testid="budget-import-result">
        <Alert
          type={result.rejected ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="budget-import-summary"
          title={`共 ${result.files.length} 个文件：已导入 ${result.imported} 个，被拒绝 ${result.rejected} 个`}
          description={result.rejected ? '被拒绝的文件未写入任何数据。请按下表修改 Excel 文件后重新导入。' : '每个成功导入的文件都形成该单位的一个新版本。'}
        />
        <List
          dataSource={result.files}
          renderItem={(f) => (
            <List.Item key={f.fileName} style={{ display: 'block' }} data-testid="budget-import-file" data-file={f.fileName} data-status={f.status}>
              <Flex gap={8} align="center" wrap>
                <Tag color={f.status === 'rejected' ? 'error' : 'success'}>{f.status === 'rejected' ? '被拒绝' : f.status === 'imported' ? '已导入' : '检查通过'}</Tag>
                <strong>{f.fileName}</strong>
                {f.unit && <Text type="secondary">{f.unit.code} {f.unit.name}</Text>}
                {f.status === 'imported' && (
                  <Text>
                    第 {f.versionSeq} 版 · {f.lines} 行 · {f.projects} 个项目 · 收入 <Fen v={f.incomeFen} /> 元 · 支出 <Fen v={f.expenseFen} /> 元
                  </Text>
                )}
                {f.status === 'rejected' && <Text type="danger">{formatInt(f.errorCount)} 处错误</Text>}
              </Flex>
              {f.errors.length > 0 && <div style={{ marginTop: 8 }}><IssueTable issues={f.errors} testId="budget-import-errors" /></div>}
              {f.warnings.length > 0 && (
                <div style={{ marginTop: 8 }}>
                  <Text type="warning">提示 {formatInt(f.warningCount)} 条（不影响导入）：</Text>
                  <IssueTable issues={f.warnings} testId="budget-import-warnings" pageSize={5} />
                </div>
              )}
            </List.Item>
          )}
        />
      </div>
    </Modal>
  );
}

function HistoryDrawer({ year, row, onClose }: { year: number; row: BudgetStatusRow; onClose: () => void }) {
  const versions = useApi('budget.versions.list', { year, unitId: row.unit.id });
  const [selected, setSelected] = useState<number | null>(null);
  const list = versions.data ?? [];
  const current = selected ?? list[0]?.id ?? null;
  const diff = useApi('budget.versions.diff', { versionId: current ?? 1, againstVersionId: null }, { enabled: current !== null });

  const columns: TableColumnsType<BudgetVersionRow> = [
    { title: '版本', dataIndex: 'seq', width: 70, render: (s: number, r) => <span>第 {s} 版 {r.current && <Tag color="blue">当前</Tag>}</span> },
    { title: '导入时间', dataIndex: 'createdAt', width: 140, render: (t: string) => formatDateTime(t) },
    { title: '导入人', dataIndex: 'createdByName', width: 80 },
    { title: '文件', dataIndex: 'fileName', ellipsis: true, render: (f: string | null) => f ?? <Dash /> },
    { title: '收入（元）', dataIndex: 'incomeFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '支出（元）', dataIndex: 'expenseFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '行数', dataIndex: 'lineCount', width: 60, align: 'right' },
    { title: '', key: 'lock', width: 60, render: (_, r) => (r.locked ? <Tag>已锁定</Tag> : null) },
  ];

  return (
    <Drawer open width={1100} onClose={onClose} title={`${row.unit.name} — ${year} 年度预算版本记录`} data-testid="budget-history">
      {versions.error && <LoadError title="无法读取版本记录" error={versions.error} onRetry={versions.reload} testId="budget-history-error" />}
      {list.length === 0 && !versions.loading ? (
        <Empty description="该单位本年度尚未提交预算" />
      ) : (
        <>
          <Table<BudgetVersionRow>
            size="small"
            rowKey="id"
            loading={versions.loading}
            columns={columns}
            dataSource={list}
            pagination={false}
            rowSelection={{ type: 'radio', selectedRowKeys: current ? [current] : [], onChange: (k) => setSelected(Number(k[0])) }}
            onRow={(r) => ({ onClick: () => setSelected(r.id), 'data-testid': 'budget-version-row' }) as HTMLAttributes<HTMLElement>}
            style={{ marginBottom: 16 }}
          />
          {diff.data && (
            <Card
              size="small"
              title={diff.data.from ? `第 ${diff.data.to.seq} 版与第 ${diff.data.from.seq} 版的差异` : `第 ${diff.data.to.seq} 版（首次提交，全部为新增）`}
              extra={<Text type="secondary">未变动 {formatInt(diff.data.unchangedLines)} 行</Text>}
              data-testid="budget-version-diff"
            >
              <LineDiffTable rows={diff.data.lines} testId="budget-diff" labels={['前一版本（元）', '本版本（元）']} />
            </Card>
          )}
        </>
      )}
    </Drawer>
  );
}
