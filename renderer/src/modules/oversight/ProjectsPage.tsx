// 审计项目: the yearly plan and its projects; a project's findings (category, amount, basis, severity,
// evidence links, the audited unit's response), working papers (files kept by content hash) and the
// committee's resolutions on it; 导出审查报告. Auditors write; the audited unit responds; others read.
import { useEffect, useState, type HTMLAttributes } from 'react';
import dayjs from 'dayjs';
import {
  Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, List, Modal, Row, Select, Space, Table, Tabs, Tag, Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, EditOutlined, FileAddOutlined, LinkOutlined, PaperClipOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { formatDateTime } from '../../format';
import { parseFen, formatFen } from '../../../../shared/money';
import { EVIDENCE_KINDS, NATURES, PROJECT_KINDS, PROJECT_STATUSES, SEVERITIES } from '../../../../shared/oversight/constants';
import type {
  OversightFindingRow, OversightLookups, OversightProjectDetail, OversightProjectRow,
} from '../../../../shared/contract/oversight';
import { Dash, Fen, PrintModal, ProjectorFrame, ProjectorSwitch, ReadOnlyTag, RectTag, SeverityTag, YearPicker, useLookups, useYear } from './common';

const { Text, Paragraph } = Typography;

export default function ProjectsPage() {
  const [year, setYear] = useYear();
  const lookups = useLookups();
  const plan = useApi('oversight.plan.get', { year });
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<OversightProjectDetail | 'new' | null>(null);
  const L = lookups.data;
  return (
    <ProjectorFrame testId="oversight-projects-page">
      <PageHeading
        title="审计项目"
        sub="年度审计计划、项目、问题与工作底稿"
        extra={
          <Flex gap={12} align="center" wrap>
            <ReadOnlyTag lookups={L} />
            <YearPicker value={year} onChange={(y) => { setYear(y); setSelected(null); }} testId="oversight-year" />
            <ProjectorSwitch />
            {L?.canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="oversight-project-new">
                新建审计项目
              </Button>
            )}
          </Flex>
        }
      />
      {plan.error && <LoadError testId="oversight-plan-error" title="无法读取审计计划" error={plan.error} onRetry={plan.reload} />}
      {plan.data && L && <PlanCard year={year} plan={plan.data.plan} lookups={L} onChanged={plan.reload} />}
      <Card size="small" title={`${year}年度审计项目`} style={{ marginBottom: 16 }}>
        <ProjectTable rows={plan.data?.projects ?? []} loading={plan.loading} selected={selected} onSelect={setSelected} />
      </Card>
      {selected !== null && L && (
        <ProjectDetail
          id={selected}
          lookups={L}
          onEdit={(p) => setEditing(p)}
          onChanged={plan.reload}
        />
      )}
      {editing && L && (
        <ProjectDrawer
          year={year}
          project={editing === 'new' ? null : editing}
          lookups={L}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            setEditing(null);
            plan.reload();
            setSelected(p.id);
          }}
        />
      )}
    </ProjectorFrame>
  );
}

function PlanCard({ year, plan, lookups, onChanged }: { year: number; plan: { title: string; status: string; notes: string | null; approvedAt: string | null } | null; lookups: OversightLookups; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ title: string; notes: string }>();
  async function save(approve: boolean) {
    const v = await form.validateFields();
    try {
      await api.invoke('oversight.plan.save', { year, title: v.title, notes: v.notes || null, approve });
      message.success(approve ? '审计计划已批准' : '审计计划已保存');
      setOpen(false);
      onChanged();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={`${year}年度审计计划`}
      data-testid="oversight-plan"
      extra={
        lookups.canWrite && plan?.status !== '已批准' && (
          <Button size="small" icon={<EditOutlined />} onClick={() => { form.setFieldsValue({ title: plan?.title ?? `${year}年度经费审计工作计划`, notes: plan?.notes ?? '' }); setOpen(true); }} data-testid="oversight-plan-edit">
            {plan ? '修改计划' : '编制计划'}
          </Button>
        )
      }
    >
      {plan ? (
        <Flex gap={12} align="center" wrap>
          <Text strong>{plan.title}</Text>
          <Tag color={plan.status === '已批准' ? 'success' : 'default'} data-testid="oversight-plan-status">{plan.status}</Tag>
          {plan.approvedAt && <Text type="secondary">批准于 {formatDateTime(plan.approvedAt)}</Text>}
          {plan.notes && <Text type="secondary">{plan.notes}</Text>}
        </Flex>
      ) : (
        <Text type="secondary">尚未编制本年度审计计划。</Text>
      )}
      <Modal title="审计计划" open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label="计划名称" rules={[{ required: true, message: '请填写计划名称' }]}><Input data-testid="oversight-plan-title" /></Form.Item>
          <Form.Item name="notes" label="计划内容"><Input.TextArea rows={4} /></Form.Item>
          <Flex gap={8}>
            <Button type="primary" onClick={() => void save(false)} data-testid="oversight-plan-save">保存</Button>
            <Button onClick={() => void save(true)} data-testid="oversight-plan-approve">保存并批准（经审会主任）</Button>
          </Flex>
        </Form>
      </Modal>
    </Card>
  );
}

const STATUS_COLORS: Record<string, string> = { 计划: 'default', 实施中: 'processing', 已出报告: 'blue', 已归档: 'success' };

function ProjectTable({ rows, loading, selected, onSelect }: { rows: OversightProjectRow[]; loading: boolean; selected: number | null; onSelect: (id: number) => void }) {
  const columns: TableColumnsType<OversightProjectRow> = [
    { title: '编号', dataIndex: 'code', width: 120 },
    { title: '项目名称', dataIndex: 'name', ellipsis: true },
    { title: '类型', dataIndex: 'kind', width: 130 },
    { title: '被审计单位', dataIndex: 'unitName', width: 220, ellipsis: true },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS_COLORS[s]}>{s}</Tag> },
    { title: '问题', dataIndex: 'findingCount', width: 70, align: 'right' },
    { title: '涉及金额（元）', dataIndex: 'amountFen', width: 150, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '未销号', dataIndex: 'openRectCount', width: 80, align: 'right' },
  ];
  return (
    <Table<OversightProjectRow>
      size="middle"
      rowKey="id"
      loading={loading}
      columns={columns}
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: '本年度尚无审计项目' }}
      rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
      onRow={(r) => ({ onClick: () => onSelect(r.id), style: { cursor: 'pointer' }, 'data-testid': 'oversight-project-row', 'data-code': r.code, 'data-name': r.name }) as HTMLAttributes<HTMLElement>}
    />
  );
}

type ProjectForm = {
  name: string; kind: string; unitId: number; budgetBookId?: number; period?: [dayjs.Dayjs, dayjs.Dayjs]; dates?: [dayjs.Dayjs, dayjs.Dayjs];
  team?: string; leader?: string; status: string; basis?: string; scope?: string; method?: string; summary?: string; strengths?: string; opinion?: string; deadline?: dayjs.Dayjs;
};

function ProjectDrawer({ year, project, lookups, onClose, onSaved }: { year: number; project: OversightProjectDetail | null; lookups: OversightLookups; onClose: () => void; onSaved: (p: OversightProjectDetail) => void }) {
  const [form] = Form.useForm<ProjectForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    const d = (s: string | null | undefined) => (s ? dayjs(s) : undefined);
    form.setFieldsValue(
      project
        ? {
            name: project.name, kind: project.kind, unitId: project.unitId, budgetBookId: project.budgetBookId ?? undefined,
            period: project.periodFrom && project.periodTo ? [dayjs(project.periodFrom), dayjs(project.periodTo)] : undefined,
            dates: project.startOn && project.endOn ? [dayjs(project.startOn), dayjs(project.endOn)] : undefined,
            team: project.team ?? '', leader: project.leader ?? '', status: project.status, basis: project.basis ?? '', scope: project.scope ?? '',
            method: project.method ?? '', summary: project.summary ?? '', strengths: project.strengths ?? '', opinion: project.opinion ?? '', deadline: d(project.deadline),
          }
        : { kind: '基层工会经费审计', status: '计划' },
    );
  }, [project, form]);
  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    const f = (x: dayjs.Dayjs | undefined) => (x ? x.format('YYYY-MM-DD') : null);
    try {
      const p = await api.invoke('oversight.projects.save', {
        id: project?.id ?? null, year, name: v.name, kind: v.kind as never, unitId: v.unitId, budgetBookId: v.kind === '预算审查' ? (v.budgetBookId ?? null) : null,
        periodFrom: f(v.period?.[0]), periodTo: f(v.period?.[1]), startOn: f(v.dates?.[0]), endOn: f(v.dates?.[1]), team: v.team || null, leader: v.leader || null,
        status: v.status as never, basis: v.basis || null, scope: v.scope || null, method: v.method || null, summary: v.summary || null,
        strengths: v.strengths || null, opinion: v.opinion || null, deadline: f(v.deadline),
      });
      onSaved(p);
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Drawer open title={project ? `修改审计项目 ${project.code}` : '新建审计项目'} size="large" onClose={onClose} data-testid="oversight-project-drawer"
      extra={<Button type="primary" loading={busy} onClick={() => void save()} data-testid="oversight-project-save">保存</Button>}>
      <Form form={form} layout="vertical">
        <Row gutter={12}>
          <Col span={16}><Form.Item name="name" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}><Input data-testid="oversight-project-name" /></Form.Item></Col>
          <Col span={8}><Form.Item name="kind" label="审计类型" rules={[{ required: true }]}><Select options={PROJECT_KINDS.map((k) => ({ value: k, label: k }))} data-testid="oversight-project-kind" /></Form.Item></Col>
          <Col span={16}>
            <Form.Item name="unitId" label="被审计单位" rules={[{ required: true, message: '请选择被审计单位' }]}>
              <Select showSearch optionFilterProp="label" options={lookups.units.map((u) => ({ value: u.id, label: `${u.name}（${u.kind}）` }))} data-testid="oversight-project-unit" />
            </Form.Item>
          </Col>
          <Col span={8}><Form.Item name="status" label="状态"><Select options={PROJECT_STATUSES.map((k) => ({ value: k, label: k }))} data-testid="oversight-project-status" /></Form.Item></Col>
          {kind === '预算审查' && (
            <Col span={24}>
              <Form.Item name="budgetBookId" label="审查的年度预算（与预算审批的“经审会审查”环节关联）">
                <Select allowClear options={lookups.budgetBooks.map((b) => ({ value: b.id, label: `${b.title}（${b.stageName ?? b.status}）` }))} data-testid="oversight-project-book" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}><Form.Item name="period" label="审计期间"><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={12}><Form.Item name="dates" label="实施起止日期"><DatePicker.RangePicker style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={8}><Form.Item name="leader" label="审计组长"><Input data-testid="oversight-project-leader" /></Form.Item></Col>
          <Col span={16}><Form.Item name="team" label="审计组成员"><Input data-testid="oversight-project-team" /></Form.Item></Col>
          <Col span={24}><Form.Item name="basis" label="审计依据"><Input.TextArea rows={2} /></Form.Item></Col>
          <Col span={12}><Form.Item name="scope" label="审计范围"><Input.TextArea rows={2} /></Form.Item></Col>
          <Col span={12}><Form.Item name="method" label="审计方式"><Input.TextArea rows={2} /></Form.Item></Col>
          <Col span={24}><Form.Item name="summary" label="基本情况"><Input.TextArea rows={3} /></Form.Item></Col>
          <Col span={24}><Form.Item name="strengths" label="值得肯定的方面"><Input.TextArea rows={2} /></Form.Item></Col>
          <Col span={24}><Form.Item name="opinion" label="审计意见和建议"><Input.TextArea rows={3} data-testid="oversight-project-opinion" /></Form.Item></Col>
          <Col span={8}><Form.Item name="deadline" label="整改期限"><DatePicker style={{ width: '100%' }} data-testid="oversight-project-deadline" /></Form.Item></Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="oversight-project-error" />}
    </Drawer>
  );
}

async function download(kind: 'report' | 'paper' | 'evidence', id: number, year: number, message: { success: (s: string) => void; error: (s: string) => void }) {
  try {
    const file =
      kind === 'report'
        ? await api.invoke('oversight.report.export', { year, projectId: id })
        : kind === 'paper'
          ? await api.invoke('oversight.papers.export', { id })
          : await api.invoke('oversight.evidence.export', { id });
    const saved = await api.os.saveExport(file, { title: '保存文件' });
    if (saved) message.success(`已保存：${saved}`);
  } catch (e) {
    message.error(ApiCallError.from(e).message);
  }
}

function ProjectDetail({ id, lookups, onEdit, onChanged }: { id: number; lookups: OversightLookups; onEdit: (p: OversightProjectDetail) => void; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const r = useApi('oversight.projects.get', { id });
  const [findingEdit, setFindingEdit] = useState<OversightFindingRow | 'new' | null>(null);
  const [evidenceFor, setEvidenceFor] = useState<OversightFindingRow | null>(null);
  const [respondTo, setRespondTo] = useState<OversightFindingRow | null>(null);
  const [paperOpen, setPaperOpen] = useState(false);
  const [printing, setPrinting] = useState(false);
  if (r.error) return <LoadError testId="oversight-project-error" title="无法读取审计项目" error={r.error} onRetry={r.reload} />;
  const p = r.data;
  if (!p) return null;
  const reload = () => { r.reload(); onChanged(); };
  const archived = p.status === '已归档';
  const canWrite = lookups.canWrite && !archived;
  const audited = lookups.myUnitId === p.unitId;
  return (
    <Card
      size="small"
      data-testid="oversight-project-detail"
      data-code={p.code}
      title={<span style={{ fontSize: '1.15em' }}>{p.code} {p.name}</span>}
      extra={
        <Space wrap>
          {canWrite && <Button icon={<EditOutlined />} onClick={() => onEdit(p)} data-testid="oversight-project-edit">修改项目</Button>}
          <Button icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid="oversight-project-printview">打印审查报告</Button>
          <Button icon={<DownloadOutlined />} onClick={() => void download('report', p.id, p.year, message)} data-testid="oversight-project-export">导出审查报告</Button>
        </Space>
      }
    >
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }} items={[
        { key: 'k', label: '审计类型', children: p.kind },
        { key: 'u', label: '被审计单位', children: <span data-testid="oversight-project-unit-name">{p.unitName}</span> },
        { key: 's', label: '状态', children: <Tag color={STATUS_COLORS[p.status]}>{p.status}</Tag> },
        { key: 'p', label: '审计期间', children: p.periodFrom ? `${p.periodFrom} 至 ${p.periodTo ?? ''}` : <Dash /> },
        { key: 't', label: '审计组', children: [p.leader && `组长 ${p.leader}`, p.team].filter(Boolean).join('；') || <Dash /> },
        { key: 'd', label: '整改期限', children: p.deadline ?? <Dash /> },
        ...(p.budgetBookTitle ? [{ key: 'b', label: '审查的预算', children: p.budgetBookTitle }] : []),
        { key: 'n', label: '问题 / 涉及金额', children: <span data-testid="oversight-project-totals">{p.findingCount} 个 / {formatFen(p.amountFen)} 元</span> },
      ]} />
      <Tabs
        items={[
          {
            key: 'findings',
            label: `发现的问题（${p.findings.length}）`,
            children: (
              <div data-testid="oversight-findings">
                {canWrite && (
                  <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setFindingEdit('new')} data-testid="oversight-finding-new">
                    记录问题
                  </Button>
                )}
                {p.findings.length === 0 ? <Empty description="尚未记录问题" /> : p.findings.map((f) => (
                  <FindingCard key={f.id} f={f} canWrite={canWrite} canRespond={audited && !archived} year={p.year}
                    onEdit={() => setFindingEdit(f)} onEvidence={() => setEvidenceFor(f)} onRespond={() => setRespondTo(f)} />
                ))}
              </div>
            ),
          },
          {
            key: 'papers',
            label: `工作底稿（${p.papers.length}）`,
            children: (
              <div data-testid="oversight-papers">
                {canWrite && <Button icon={<FileAddOutlined />} style={{ marginBottom: 12 }} onClick={() => setPaperOpen(true)} data-testid="oversight-paper-add">添加底稿</Button>}
                <Table size="small" rowKey="id" pagination={false} dataSource={p.papers} locale={{ emptyText: '尚无工作底稿' }}
                  onRow={() => ({ 'data-testid': 'oversight-paper-row' }) as HTMLAttributes<HTMLElement>}
                  columns={[
                    { title: '底稿', dataIndex: 'title' },
                    { title: '说明', dataIndex: 'note', render: (t: string | null) => t ?? <Dash /> },
                    { title: '文件', key: 'f', render: (_: unknown, w) => w.fileId ? <Button type="link" size="small" icon={<PaperClipOutlined />} onClick={() => void download('paper', w.id, p.year, message)}>{w.fileName}</Button> : <Dash /> },
                    { title: 'SHA-256', dataIndex: 'sha256', render: (h: string | null) => h ? <Text code copyable={{ text: h }}>{h.slice(0, 16)}…</Text> : <Dash /> },
                    { title: '添加', key: 'c', render: (_: unknown, w) => `${w.createdBy ?? ''} ${formatDateTime(w.createdAt)}` },
                  ]} />
              </div>
            ),
          },
          {
            key: 'report',
            label: '审计意见',
            children: (
              <Descriptions size="small" column={1} bordered items={[
                { key: 'b', label: '审计依据', children: p.basis ?? <Dash /> },
                { key: 's', label: '审计范围', children: p.scope ?? <Dash /> },
                { key: 'm', label: '审计方式', children: p.method ?? <Dash /> },
                { key: 'u', label: '基本情况', children: p.summary ?? <Dash /> },
                { key: 'g', label: '值得肯定的方面', children: p.strengths ?? <Dash /> },
                { key: 'o', label: '审计意见和建议', children: p.opinion ?? <Dash /> },
              ]} />
            ),
          },
          {
            key: 'resolutions',
            label: `经审会决议（${p.resolutions.length}）`,
            children: p.resolutions.length ? (
              <List size="small" dataSource={p.resolutions} renderItem={(x) => (
                <List.Item data-testid="oversight-project-resolution">{x.label}（{x.heldOn}）：<Tag>{x.decision ?? '未决'}</Tag>{x.resolution}</List.Item>
              )} />
            ) : <Empty description="尚无会议决议" />,
          },
        ]}
      />
      {findingEdit && <FindingModal projectId={p.id} finding={findingEdit === 'new' ? null : findingEdit} lookups={lookups} onClose={() => setFindingEdit(null)} onSaved={() => { setFindingEdit(null); reload(); }} />}
      {evidenceFor && <EvidenceModal finding={evidenceFor} purpose="问题" onClose={() => setEvidenceFor(null)} onSaved={() => { setEvidenceFor(null); reload(); }} />}
      {respondTo && <RespondModal finding={respondTo} onClose={() => setRespondTo(null)} onSaved={() => { setRespondTo(null); reload(); }} />}
      {printing && <ReportPrint p={p} onClose={() => setPrinting(false)} />}
      {paperOpen && <PaperModal projectId={p.id} onClose={() => setPaperOpen(false)} onSaved={() => { setPaperOpen(false); reload(); }} />}
    </Card>
  );
}

function FindingCard({ f, canWrite, canRespond, year, onEdit, onEvidence, onRespond }: { f: OversightFindingRow; canWrite: boolean; canRespond: boolean; year: number; onEdit: () => void; onEvidence: () => void; onRespond: () => void }) {
  const { message } = AntApp.useApp();
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="oversight-finding" data-seq={f.seq}
      title={<Flex gap={8} align="center" wrap><span>问题 {f.seq}</span><Tag color="purple">{f.categoryName}</Tag><SeverityTag v={f.severity} /><Tag>{f.nature}</Tag><RectTag status={f.rectification.status} overdue={f.rectification.overdue} /></Flex>}
      extra={
        <Space wrap>
          {canWrite && f.rectification.status !== '已销号' && <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="oversight-finding-edit">修改</Button>}
          {canWrite && f.rectification.status !== '已销号' && <Button size="small" icon={<LinkOutlined />} onClick={onEvidence} data-testid="oversight-evidence-add">关联证据</Button>}
          {canRespond && <Button size="small" onClick={onRespond} data-testid="oversight-finding-respond">填写反馈</Button>}
        </Space>
      }>
      <Paragraph style={{ marginBottom: 6 }} data-testid="oversight-finding-description">{f.description}</Paragraph>
      <Flex gap={24} wrap style={{ marginBottom: 6 }}>
        <span>涉及金额：<strong data-testid="oversight-finding-amount"><Fen v={f.amountFen} /></strong> 元</span>
        <span>依据：{f.basis ?? <Dash />}</span>
        {f.requirement && <span>整改要求：{f.requirement}</span>}
      </Flex>
      <div>
        <Text type="secondary">证据：</Text>
        {f.evidence.length === 0 ? <Dash /> : (
          <ul style={{ margin: '4px 0 6px 0', paddingLeft: 20 }}>
            {f.evidence.map((e) => (
              <li key={e.id} data-testid="oversight-evidence" data-kind={e.kind} data-exists={e.exists ? '1' : '0'}>
                <Tag color={e.purpose === '整改' ? 'green' : 'blue'}>{e.purpose}</Tag>
                {e.fileId ? <Button type="link" size="small" style={{ padding: 0 }} onClick={() => void download('evidence', e.id, year, message)}>{e.label}</Button> : <span style={{ color: e.exists ? undefined : '#cf1322' }}>{e.label}</span>}
                {e.note && <Text type="secondary">（{e.note}）</Text>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div data-testid="oversight-finding-response">
        <Text type="secondary">被审计单位反馈：</Text>
        {f.response ? <>{f.response} <Text type="secondary">（{f.responseName} {formatDateTime(f.responseAt)}）</Text></> : <Dash />}
      </div>
    </Card>
  );
}

function categoryOptions(lookups: OversightLookups, keep?: number) {
  const groups = new Map<string, Array<{ value: number; label: string }>>();
  for (const c of lookups.categories) {
    if (!c.active && c.id !== keep) continue;
    groups.set(c.group, [...(groups.get(c.group) ?? []), { value: c.id, label: c.name }]);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

function FindingModal({ projectId, finding, lookups, onClose, onSaved }: { projectId: number; finding: OversightFindingRow | null; lookups: OversightLookups; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ categoryId: number; description: string; amount: string; basis: string; severity: string; nature: string; requirement: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.setFieldsValue(finding
      ? { categoryId: finding.categoryId, description: finding.description, amount: formatFen(finding.amountFen), basis: finding.basis ?? '', severity: finding.severity, nature: finding.nature, requirement: finding.requirement ?? '' }
      : { severity: '一般', nature: '管理不规范', amount: '0.00' });
  }, [finding, form]);
  async function save() {
    const v = await form.validateFields();
    let amountFen: number;
    try {
      amountFen = parseFen(v.amount || '0');
    } catch (e) {
      form.setFields([{ name: 'amount', errors: [(e as Error).message] }]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.invoke('oversight.findings.save', { id: finding?.id ?? null, projectId, categoryId: v.categoryId, description: v.description, amountFen, basis: v.basis || null, severity: v.severity as never, nature: v.nature as never, requirement: v.requirement || null });
      onSaved();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open width={720} title={finding ? `修改问题 ${finding.seq}` : '记录问题'} onCancel={onClose} onOk={() => void save()} okText="保存" confirmLoading={busy} okButtonProps={{ 'data-testid': 'oversight-finding-save' } as never} destroyOnHidden>
      <Form form={form} layout="vertical" data-testid="oversight-finding-form">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="categoryId" label="问题类别" rules={[{ required: true, message: '请选择问题类别' }]}>
              <Select showSearch optionFilterProp="label" data-testid="oversight-finding-category"
                options={categoryOptions(lookups, finding?.categoryId)} />
            </Form.Item>
          </Col>
          <Col span={12}><Form.Item name="amount" label="涉及金额（元）"><Input style={{ textAlign: 'right' }} data-testid="oversight-finding-amount-input" /></Form.Item></Col>
          <Col span={24}><Form.Item name="description" label="问题描述（事实）" rules={[{ required: true, message: '请描述问题' }]}><Input.TextArea rows={3} data-testid="oversight-finding-description-input" /></Form.Item></Col>
          <Col span={24}><Form.Item name="basis" label="依据条款"><Input data-testid="oversight-finding-basis" /></Form.Item></Col>
          <Col span={12}><Form.Item name="severity" label="严重程度"><Select options={SEVERITIES.map((s) => ({ value: s, label: s }))} data-testid="oversight-finding-severity" /></Form.Item></Col>
          <Col span={12}><Form.Item name="nature" label="问题性质"><Select options={NATURES.map((s) => ({ value: s, label: s }))} /></Form.Item></Col>
          <Col span={24}><Form.Item name="requirement" label="整改要求"><Input.TextArea rows={2} /></Form.Item></Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="oversight-finding-error" />}
    </Modal>
  );
}

export function EvidenceModal({ finding, purpose, onClose, onSaved }: { finding: { id: number; unitId: number }; purpose: '问题' | '整改'; onClose: () => void; onSaved: () => void }) {
  const { message } = AntApp.useApp();
  const [kind, setKind] = useState<(typeof EVIDENCE_KINDS)[number]>(purpose === '整改' ? '文件' : '凭证');
  const [q, setQ] = useState('');
  const [allUnits, setAllUnits] = useState(false);
  const [refId, setRefId] = useState<number | null>(null);
  const [file, setFile] = useState<{ id: string; name: string } | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cands = useApi('oversight.evidence.candidates', { kind, q: q || null, unitId: allUnits ? null : finding.unitId }, { enabled: kind !== '文件' });
  async function save() {
    setError(null);
    try {
      await api.invoke('oversight.evidence.add', { findingId: finding.id, purpose, kind, refId: kind === '文件' ? null : refId, uploadId: kind === '文件' ? (file?.id ?? null) : null, note: note || null });
      message.success('证据已关联');
      onSaved();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    }
  }
  return (
    <Modal open width={760} title={purpose === '问题' ? '关联问题证据' : '提交整改佐证材料'} onCancel={onClose} onOk={() => void save()} okText="关联" okButtonProps={{ 'data-testid': 'oversight-evidence-save' } as never} destroyOnHidden>
      <Form layout="vertical" data-testid="oversight-evidence-form">
        <Form.Item label="证据类型">
          <Select value={kind} onChange={(k) => { setKind(k); setRefId(null); }} options={EVIDENCE_KINDS.map((k) => ({ value: k, label: k === '文件' ? '上传文件' : k }))} data-testid="oversight-evidence-kind" />
        </Form.Item>
        {kind === '文件' ? (
          <Form.Item label="文件">
            <Button icon={<PaperClipOutlined />} data-testid="oversight-evidence-file" onClick={async () => {
              try {
                const [f] = await api.os.openFiles({ title: '选择证据文件', multiple: false });
                if (f) setFile(f);
              } catch (e) {
                message.error(ApiCallError.from(e).message);
              }
            }}>{file ? file.name : '选择文件…'}</Button>
          </Form.Item>
        ) : (
          <>
            <Flex gap={8} style={{ marginBottom: 8 }}>
              <Input.Search placeholder="按摘要、编号、科目等查找" allowClear onSearch={setQ} data-testid="oversight-evidence-search" />
              <Button onClick={() => setAllUnits(!allUnits)}>{allUnits ? '只看被审计单位' : '查看全部单位'}</Button>
            </Flex>
            <Form.Item label={`选择${kind}`}>
              <Select<number> value={refId ?? undefined} onChange={setRefId} loading={cands.loading} data-testid="oversight-evidence-ref"
                notFoundContent={cands.loading ? '正在查找…' : `没有可关联的${kind}（所属模块未启用或无记录）`}
                options={(cands.data ?? []).map((c) => ({ value: c.refId, label: c.label }))} />
            </Form.Item>
          </>
        )}
        <Form.Item label="说明"><Input value={note} onChange={(e) => setNote(e.target.value)} data-testid="oversight-evidence-note" /></Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="oversight-evidence-error" />}
    </Modal>
  );
}

function RespondModal({ finding, onClose, onSaved }: { finding: OversightFindingRow; onClose: () => void; onSaved: () => void }) {
  const [text, setText] = useState(finding.response ?? '');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open title={`对问题 ${finding.seq} 的反馈意见`} onCancel={onClose} okText="提交" okButtonProps={{ 'data-testid': 'oversight-respond-save' } as never}
      onOk={async () => {
        try {
          await api.invoke('oversight.findings.respond', { id: finding.id, response: text });
          onSaved();
        } catch (e) {
          setError(ApiCallError.from(e).message);
        }
      }}>
      <Input.TextArea rows={4} value={text} onChange={(e) => setText(e.target.value)} data-testid="oversight-respond-text" />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Modal>
  );
}

function PaperModal({ projectId, onClose, onSaved }: { projectId: number; onClose: () => void; onSaved: () => void }) {
  const { message } = AntApp.useApp();
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open title="添加工作底稿" onCancel={onClose} okText="保存" okButtonProps={{ 'data-testid': 'oversight-paper-save' } as never}
      onOk={async () => {
        try {
          await api.invoke('oversight.papers.add', { projectId, title, note: note || null, uploadId: file?.id ?? null });
          onSaved();
        } catch (e) {
          setError(ApiCallError.from(e).message);
        }
      }}>
      <Form layout="vertical">
        <Form.Item label="底稿名称" required><Input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="oversight-paper-title" /></Form.Item>
        <Form.Item label="说明"><Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} /></Form.Item>
        <Form.Item label="文件（按内容哈希保存）">
          <Button icon={<PaperClipOutlined />} data-testid="oversight-paper-file" onClick={async () => {
            try {
              const [f] = await api.os.openFiles({ title: '选择底稿文件', multiple: false });
              if (f) setFile(f);
            } catch (e) {
              message.error(ApiCallError.from(e).message);
            }
          }}>{file ? file.name : '选择文件…'}</Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

/** 审查报告 for printing: basic facts, figures, problems (fact, amount, rule, class), opinions, signatures. */
function ReportPrint({ p, onClose }: { p: OversightProjectDetail; onClose: () => void }) {
  const total = p.findings.reduce((a, f) => a + f.amountFen, 0);
  return (
    <PrintModal title="审查报告（打印预览）" fileName={`审查报告_${p.code}.pdf`} onClose={onClose} testId="oversight-report-print">
      <h2>关于{p.unitName}{p.name}的审查报告</h2>
      <div>项目编号：{p.code}　审计类型：{p.kind}　审计期间：{p.periodFrom ?? '—'} 至 {p.periodTo ?? '—'}</div>
      <div>审计组：{[p.leader && `组长 ${p.leader}`, p.team].filter(Boolean).join('；') || '—'}</div>
      <h3>一、审计依据、范围和方式</h3>
      <div>{p.basis ?? '—'}；{p.scope ?? '—'}；{p.method ?? '—'}</div>
      <h3>二、基本情况</h3>
      <div>{p.summary ?? '—'}</div>
      <div>发现问题 {p.findings.length} 个，涉及金额 {formatFen(total)} 元；其中违纪违规 {p.findings.filter((f) => f.nature === '违纪违规').length} 个，管理不规范 {p.findings.filter((f) => f.nature === '管理不规范').length} 个。</div>
      <h3>三、值得肯定的方面</h3>
      <div>{p.strengths ?? '—'}</div>
      <h3>四、发现的问题</h3>
      <table>
        <thead><tr><th>序号</th><th>问题类别</th><th>问题描述</th><th>涉及金额（元）</th><th>依据条款</th><th>性质</th></tr></thead>
        <tbody>
          {p.findings.map((f) => (
            <tr key={f.id}><td>{f.seq}</td><td>{f.categoryName}</td><td>{f.description}</td><td className="amt">{formatFen(f.amountFen)}</td><td>{f.basis ?? ''}</td><td>{f.nature}</td></tr>
          ))}
          <tr><td colSpan={3}>合计</td><td className="amt">{formatFen(total)}</td><td colSpan={2} /></tr>
        </tbody>
      </table>
      <h3>五、审计意见和建议</h3>
      <div>{p.opinion ?? '—'}</div>
      <div>整改期限：{p.deadline ?? '—'}</div>
      <div style={{ marginTop: 32, display: 'flex', justifyContent: 'space-between' }}><span>经审会主任：</span><span>审计人员：</span><span>日期：</span></div>
    </PrintModal>
  );
}
