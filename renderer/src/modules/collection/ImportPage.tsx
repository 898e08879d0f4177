// 税务代征导入: choose the agency's file (Excel or CSV), map its columns once (saved as a named profile),
// preview (every bad row by row and column, unknown payers to match, duplicates, the split of each record),
// then import — refused while any blocking error exists. The second tab lists the collected records and
// posts them to the books (receipt and split voucher through the ledger).
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Flex, Input, Modal, Radio, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import type { UploadedFile } from '../../../../shared/bridge';
import type { FileColumns, ImportIssue, ImportResult, RecordRow, UnknownPayer } from '../../../../shared/contract/collection';
import { IMPORT_FIELDS, REFERENCE_SOURCES, type ImportTarget, type ReferenceSource } from '../../../../shared/collection/split';
import { GRASSROOTS_TYPES, UNION_STATUSES } from '../../../../shared/units';
import { Dash, Fen, SetSelect, YearPicker, today, useCan, useYear } from './common';

const { Text } = Typography;
const FILTERS = [{ name: 'Excel 或 CSV', extensions: ['xlsx', 'csv'] }];

export default function ImportPage() {
  return (
    <div data-testid="collection-import-page">
      <PageHeading title="税务代征导入" sub="列映射方案、预览检查、增量导入、收缴记录记账" />
      <Tabs
        items={[
          { key: 'import', label: '导入', children: <ImportPanel /> },
          { key: 'records', label: <span data-testid="collection-tab-records">收缴记录</span>, children: <RecordsPanel /> },
        ]}
      />
    </div>
  );
}

function ImportPanel() {
  const { message } = AntApp.useApp();
  const can = useCan();
  const [target, setTarget] = useState<ImportTarget>('收缴');
  const [source, setSource] = useState<ReferenceSource>('企业所得税');
  const profiles = useApi('collection.profiles.list', { target });
  const [profileId, setProfileId] = useState<number | null>(null);
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [cols, setCols] = useState<FileColumns | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [profileName, setProfileName] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiCallError | null>(null);
  const fields = IMPORT_FIELDS[target];

  const pickProfile = (id: number | null) => {
    setProfileId(id);
    const p = profiles.data?.find((x) => x.id === id);
    if (p) { setMapping(p.mapping); setProfileName(p.name); }
    setResult(null);
  };

  async function choose() {
    setError(null);
    let files: UploadedFile[];
    try {
      files = await api.os.openFiles({ title: '选择税务代征明细（Excel 或 CSV）', filters: FILTERS });
    } catch (e) {
      setError(ApiCallError.from(e));
      return;
    }
    const f = files[0];
    if (!f) return;
    setFile(f);
    setResult(null);
    try {
      const c = await api.invoke('collection.import.columns', { uploadId: f.id, target });
      setCols(c);
      if (!profileId) setMapping((m) => (Object.keys(m).length ? m : c.suggested));
    } catch (e) {
      setCols(null);
      setError(ApiCallError.from(e));
    }
  }

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.invoke('collection.import.run', {
        uploadId: file.id, target, referenceSource: source, dryRun,
        ...(profileId && sameAsProfile() ? { profileId } : { mapping }),
      });
      setResult(r);
      if (r.status === 'imported') message.success(`已导入 ${r.newRows} 条${r.duplicates ? `，${r.duplicates} 条重复未导入` : ''}`);
    } catch (e) {
      setError(ApiCallError.from(e));
    } finally {
      setBusy(false);
    }
  }

  function sameAsProfile(): boolean {
    const p = profiles.data?.find((x) => x.id === profileId);
    return !!p && JSON.stringify(Object.entries(p.mapping).sort()) === JSON.stringify(Object.entries(mapping).filter(([, v]) => v).sort());
  }

  async function saveProfile() {
    setError(null);
    try {
      const p = await api.invoke('collection.profiles.save', { name: profileName.trim(), target, mapping: Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) });
      message.success(`方案“${p.name}”已保存`);
      profiles.reload();
      setProfileId(p.id);
    } catch (e) {
      setError(ApiCallError.from(e));
    }
  }

  const headerOptions = (cols?.headers ?? Object.values(mapping)).filter((v, i, a) => v && a.indexOf(v) === i).map((h) => ({ value: h, label: h }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small" title="1. 选择导入类型、列映射方案和文件">
        <Flex gap={16} wrap align="center">
          <Radio.Group value={target} onChange={(e) => { setTarget(e.target.value); setProfileId(null); setMapping({}); setResult(null); setCols(null); setFile(null); }} data-testid="collection-import-target">
            <Radio.Button value="收缴">税务代征记录</Radio.Button>
            <Radio.Button value="参考工资">参考工资数据</Radio.Button>
          </Radio.Group>
          {target === '参考工资' && (
            <Select style={{ width: 200 }} value={source} onChange={setSource} options={REFERENCE_SOURCES.map((s) => ({ value: s, label: s === '企业所得税' ? '企业所得税工资薪金' : '社保缴费工资基数' }))} />
          )}
          <Select allowClear style={{ width: 240 }} placeholder="列映射方案" value={profileId ?? undefined} onChange={(v) => pickProfile(v ?? null)}
            options={(profiles.data ?? []).map((p) => ({ value: p.id, label: p.name }))} data-testid="collection-import-profile" />
          <Button type="primary" onClick={() => void choose()} disabled={!can.write} data-testid="collection-import-file">选择文件…</Button>
          {file && <Text data-testid="collection-import-filename">{file.name}</Text>}
        </Flex>
        {!can.write && <Alert style={{ marginTop: 12 }} type="info" showIcon title="只有财务部门、会计可以导入。" />}
      </Card>
      {error && <LoadError testId="collection-import-error" title="操作未完成" error={error} />}
      {file && (
        <Card size="small" title="2. 列映射（文件的列 → 系统字段）">
          <Row gutter={[16, 8]}>
            {fields.map((f) => (
              <Col key={f.key} xs={24} md={12} lg={8}>
                <Flex align="center" gap={8}>
                  <span style={{ width: 150 }}>{f.label}{f.required && <Text type="danger">*</Text>}</span>
                  <Select allowClear style={{ flex: 1 }} placeholder="选择列" value={mapping[f.key] || undefined}
                    onChange={(v) => setMapping((m) => ({ ...m, [f.key]: v ?? '' }))} options={headerOptions} data-testid={`collection-map-${f.key}`} />
                </Flex>
              </Col>
            ))}
          </Row>
          <Flex gap={8} style={{ marginTop: 12 }} wrap>
            <Input style={{ width: 240 }} placeholder="方案名称（如：县税务局电子税票）" value={profileName} onChange={(e) => setProfileName(e.target.value)} data-testid="collection-profile-name" />
            <Button onClick={() => void saveProfile()} disabled={!profileName.trim()} data-testid="collection-profile-save">保存为方案</Button>
            <Button type="primary" loading={busy} onClick={() => void run(true)} data-testid="collection-import-preview">预览检查</Button>
            <Button type="primary" danger loading={busy} disabled={result?.status !== 'checked' || result.newRows === 0} onClick={() => void run(false)} data-testid="collection-import-confirm">
              确认导入
            </Button>
          </Flex>
          {cols && <Text type="secondary" style={{ display: 'block', marginTop: 8 }}>工作表“{cols.sheet}”，表头在第 {cols.headerRow} 行，共 {cols.headers.length} 列。</Text>}
        </Card>
      )}
      {result && <ImportResultView result={result} onMatched={() => void run(true)} />}
    </Space>
  );
}

function ImportResultView({ result, onMatched }: { result: ImportResult; onMatched: () => void }) {
  const statusText = result.status === 'rejected' ? '有错误，未写入任何数据' : result.status === 'checked' ? '检查通过，可以确认导入' : '已导入';
  const errorCols: TableColumnsType<ImportIssue> = [
    { title: '行', dataIndex: 'row', width: 70, render: (v: number | null) => v ?? <Dash /> },
    { title: '列', dataIndex: 'column', width: 200, render: (v: string | null) => v ?? <Dash /> },
    { title: '问题', dataIndex: 'message' },
  ];
  return (
    <Card size="small" title="3. 检查结果" data-testid="collection-import-result" data-status={result.status}>
      <Alert type={result.status === 'rejected' ? 'error' : 'success'} showIcon title={<span data-testid="collection-import-status">{statusText}</span>} style={{ marginBottom: 12 }} />
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={4}><Statistic title="数据行" value={result.rows} /></Col>
        <Col span={4}><Statistic title="新记录" value={result.newRows} valueRender={(n) => <span data-testid="collection-import-new">{n}</span>} /></Col>
        <Col span={4}><Statistic title="重复（已导入过）" value={result.duplicates} valueRender={(n) => <span data-testid="collection-import-duplicates">{n}</span>} /></Col>
        <Col span={4}><Statistic title="错误" value={result.errorCount} valueRender={(n) => <span data-testid="collection-import-errorcount">{n}</span>} /></Col>
        <Col span={8}><Statistic title="新记录金额（元）" value={result.totalFen} formatter={() => <Fen v={result.totalFen} />} /></Col>
      </Row>
      {result.errors.length > 0 && (
        <Table<ImportIssue> size="small" rowKey={(r, i) => `${r.row}-${r.column}-${i}`} columns={errorCols} dataSource={result.errors} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="collection-import-errors" title={() => <Text strong>错误（按行、列）</Text>}
          onRow={(r) => ({ 'data-testid': 'collection-import-error-row', 'data-row': r.row ?? '', 'data-column': r.column ?? '' }) as HTMLAttributes<HTMLElement>} />
      )}
      {result.unknownPayers.length > 0 && <UnknownPayers list={result.unknownPayers} onMatched={onMatched} />}
      {result.duplicateRows.length > 0 && (
        <Table size="small" rowKey={(r) => `${r.row}`} style={{ marginTop: 12 }} dataSource={result.duplicateRows} pagination={{ pageSize: 10, hideOnSinglePage: true }}
          title={() => <Text strong>重复记录（税票号码与缴费人已导入，不会重复计入）</Text>} data-testid="collection-import-duplicate-list"
          columns={[{ title: '行', dataIndex: 'row', width: 70 }, { title: '税票号码', dataIndex: 'taxVoucherNo' }, { title: '缴费人', dataIndex: 'payerName' }]} />
      )}
      {result.preview.length > 0 && (
        <Table size="small" rowKey="row" style={{ marginTop: 12 }} dataSource={result.preview} pagination={{ pageSize: 10, hideOnSinglePage: true }} scroll={{ x: 1100 }}
          title={() => <Text strong>分成预览（前 {result.preview.length} 条）</Text>} data-testid="collection-import-preview-table"
          columns={[
            { title: '行', dataIndex: 'row', width: 60 },
            { title: '单位', dataIndex: 'unitName', ellipsis: true },
            { title: '税票号码', dataIndex: 'taxVoucherNo', width: 150 },
            { title: '所属期', dataIndex: 'period', width: 90 },
            { title: '品目', dataIndex: 'kind', width: 80 },
            { title: '实缴', dataIndex: 'amountFen', align: 'right', render: (v: number) => <Fen v={v} /> },
            { title: '基层', dataIndex: 'grassrootsFen', align: 'right', render: (v: number) => <Fen v={v} /> },
            { title: '县级', dataIndex: 'countyFen', align: 'right', render: (v: number) => <Fen v={v} /> },
            { title: '上级', dataIndex: 'upperFen', align: 'right', render: (v: number) => <Fen v={v} /> },
            { title: '手续费', dataIndex: 'feeFen', align: 'right', render: (v: number) => <Fen v={v} /> },
            { title: '筹备金', dataIndex: 'heldFen', align: 'right', render: (v: number) => <Fen v={v} /> },
          ]} />
      )}
    </Card>
  );
}

function UnknownPayers({ list, onMatched }: { list: UnknownPayer[]; onMatched: () => void }) {
  const { message } = AntApp.useApp();
  const [chosen, setChosen] = useState<Record<string, number>>({});
  const [search, setSearch] = useState('');
  const month = useMemo(() => today().slice(0, 7), []);
  const found = useApi('collection.payers.list', { month, search, pageSize: 20 }, { enabled: search.trim().length > 0 });
  const [adding, setAdding] = useState<UnknownPayer | null>(null);
  const [orgType, setOrgType] = useState<string>('企业');
  const [unionStatus, setUnionStatus] = useState<'已建会' | '筹建中' | '未建会'>('未建会');
  async function add() {
    if (!adding) return;
    try {
      await api.invoke('units.create', { name: adding.name, kind: '基层工会', orgType, creditCode: adding.creditCode, unionStatus });
      message.success(`已在单位名录中新增“${adding.name}”，正在重新检查…`);
      setAdding(null);
      onMatched();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  async function match(key: string) {
    try {
      await api.invoke('collection.payers.match', { key, unitId: chosen[key] });
      message.success('已对应，正在重新检查…');
      onMatched();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  return (
    <>
    <Modal open={!!adding} title={`新增到单位名录：${adding?.name ?? ''}`} okText="新增" onCancel={() => setAdding(null)} onOk={() => void add()}>
      <Space direction="vertical">
        <Text>统一社会信用代码：{adding?.creditCode}</Text>
        <Flex gap={8} align="center">单位性质 <Select style={{ width: 160 }} value={orgType} onChange={setOrgType} options={GRASSROOTS_TYPES.map((t) => ({ value: t, label: t }))} /></Flex>
        <Flex gap={8} align="center">建会状态 <Select style={{ width: 160 }} value={unionStatus} onChange={setUnionStatus} options={UNION_STATUSES.map((t) => ({ value: t, label: t }))} /></Flex>
        <Text type="secondary">其他信息（上级单位、开户行等）可以稍后在“单位名录”中补充。</Text>
      </Space>
    </Modal>
    <Card size="small" type="inner" title="单位名录中找不到的缴费人（请对应到已有单位，或先到“单位名录”新增后重新检查）" style={{ marginTop: 12 }} data-testid="collection-unknown-payers">
      {list.map((u) => {
        const options = [...u.candidates.map((c) => ({ value: c.id, label: `${c.name}${c.creditCode ? `（${c.creditCode}）` : ''}` })),
          ...(found.data?.rows ?? []).filter((r) => !u.candidates.some((c) => c.id === r.unitId)).map((r) => ({ value: r.unitId, label: `${r.name}${r.creditCode ? `（${r.creditCode}）` : ''}` }))];
        return (
          <Flex key={u.key} gap={8} align="center" style={{ marginBottom: 8 }} wrap data-testid="collection-unknown-payer" data-key={u.key}>
            <Text strong>{u.name}</Text>
            {u.creditCode && <Text type="secondary">{u.creditCode}</Text>}
            <Text type="secondary">第 {u.rows.join('、')} 行</Text>
            <Select showSearch filterOption={false} onSearch={setSearch} style={{ width: 320 }} placeholder="输入名称查找单位" value={chosen[u.key]}
              onChange={(v) => setChosen((c) => ({ ...c, [u.key]: v }))} options={options} data-testid="collection-unknown-select" />
            <Button disabled={!chosen[u.key]} onClick={() => void match(u.key)} data-testid="collection-unknown-match">对应</Button>
            <Button disabled={!u.creditCode} title={u.creditCode ? undefined : '文件中没有信用代码，请到“单位名录”新增'} onClick={() => setAdding(u)} data-testid="collection-unknown-add">新增到单位名录</Button>
          </Flex>
        );
      })}
    </Card>
    </>
  );
}

function RecordsPanel() {
  const { message } = AntApp.useApp();
  const can = useCan();
  const [year, setYear] = useYear();
  const [posted, setPosted] = useState<boolean | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const list = useApi('collection.records.list', { year, posted, search: search || undefined, page, pageSize: 50 });
  const [selected, setSelected] = useState<number[]>([]);
  const [setId, setSetId] = useState<number | null>(null);
  const [date, setDate] = useState(today());
  async function post() {
    if (!setId) return;
    try {
      const r = await api.invoke('collection.records.post', { setId, date, ids: selected });
      message.success(`已生成${r.voucherLabel}（${r.records} 笔）`);
      setSelected([]);
      list.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  const columns: TableColumnsType<RecordRow> = [
    { title: '缴费单位', dataIndex: 'unitName', width: 220, ellipsis: true },
    { title: '税票号码', dataIndex: 'taxVoucherNo', width: 160 },
    { title: '所属期', dataIndex: 'period', width: 90 },
    { title: '入库日期', dataIndex: 'paidOn', width: 110 },
    { title: '品目', dataIndex: 'kind', width: 80 },
    { title: '实缴', dataIndex: 'amountFen', align: 'right', width: 120, render: (v: number) => <Fen v={v} /> },
    { title: '基层', dataIndex: 'grassrootsFen', align: 'right', width: 110, render: (v: number) => <Fen v={v} /> },
    { title: '县级', dataIndex: 'countyFen', align: 'right', width: 110, render: (v: number) => <Fen v={v} /> },
    { title: '上级', key: 'up', align: 'right', width: 110, render: (_, r) => <Fen v={r.cityFen + r.provinceFen + r.nationalFen} /> },
    { title: '筹备金', dataIndex: 'heldFen', align: 'right', width: 110, render: (v: number) => <Fen v={v} /> },
    { title: '凭证', dataIndex: 'voucherLabel', width: 130, render: (v: string | null) => v ?? <Tag>未记账</Tag> },
  ];
  return (
    <Card size="small">
      <Flex gap={12} wrap style={{ marginBottom: 12 }} align="center">
        <YearPicker value={year} onChange={(y) => { setYear(y); setPage(1); }} testId="collection-records-year" />
        <Select allowClear placeholder="记账状态" style={{ width: 120 }} value={posted === undefined ? undefined : posted ? 'y' : 'n'}
          onChange={(v) => setPosted(v === undefined ? undefined : v === 'y')} options={[{ value: 'n', label: '未记账' }, { value: 'y', label: '已记账' }]} />
        <Input.Search allowClear placeholder="单位、税票号码" style={{ width: 220 }} onSearch={(v) => { setSearch(v); setPage(1); }} />
        <Text data-testid="collection-records-total">共 {list.data?.total ?? 0} 条，合计 <Fen v={list.data?.totalFen ?? 0} /> 元</Text>
      </Flex>
      {can.write && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }} align="center">
          <SetSelect value={setId} onChange={setSetId} testId="collection-post-set" />
          <DatePicker value={dayjs(date)} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} allowClear={false} />
          <Button type="primary" disabled={!setId || selected.length === 0} onClick={() => void post()} data-testid="collection-post">生成收款及分成凭证（所选 {selected.length} 笔）</Button>
        </Flex>
      )}
      {list.error && <LoadError testId="collection-records-error" title="无法读取收缴记录" error={list.error} onRetry={list.reload} />}
      <Table<RecordRow>
        size="small" rowKey="id" loading={list.loading} columns={columns} dataSource={list.data?.rows ?? []} scroll={{ x: 1500 }}
        rowSelection={can.write ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), getCheckboxProps: (r) => ({ disabled: r.voucherId !== null }) } : undefined}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: '没有收缴记录' }}
        onRow={() => ({ 'data-testid': 'collection-record-row' }) as HTMLAttributes<HTMLElement>}
      />
      <Descriptions size="small" style={{ marginTop: 8 }} column={1} items={[{ label: '记账科目', children: '借 银行存款；贷 拨缴经费收入（县级留成）、应付上级经费、应付下级经费—应付下级转拨经费（基层返还）、其他应付款（建会筹备金）' }]} />
    </Card>
  );
}

