// 整改台账: every finding's rectification — measures, responsible people, deadline, status, evidence and
// who verified it; overdue items highlighted. The audited unit (or an auditor) records progress; only the
// committee (经审会主任/委员) closes (销号) or sends an item back; the history of each item is kept.
import { useEffect, useState, type HTMLAttributes } from 'react';
import dayjs from 'dayjs';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, DatePicker, Descriptions, Drawer, Flex, Form, Input, Row, Select, Space, Statistic, Table, Timeline } from 'antd';
import type { TableColumnsType } from 'antd';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { formatDateTime } from '../../format';
import { RECT_STATUSES } from '../../../../shared/oversight/constants';
import type { OversightLookups, OversightRectRow } from '../../../../shared/contract/oversight';
import { Dash, Fen, ProjectorFrame, ProjectorSwitch, ReadOnlyTag, RectTag, YearPicker, useLookups, useYear } from './common';
import { EvidenceModal } from './ProjectsPage';

export default function RectificationPage() {
  const [year, setYear] = useYear();
  const lookups = useLookups();
  const [status, setStatus] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<number | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const list = useApi('oversight.rect.list', { year, unitId, status: status as never, overdueOnly });
  const [open, setOpen] = useState<number | null>(null);
  const rows = list.data ?? [];
  const columns: TableColumnsType<OversightRectRow> = [
    { title: '序号', key: 'n', width: 60, render: (_, __, i) => i + 1 },
    { title: '审计项目', key: 'p', width: 150, render: (_, r) => `${r.projectCode}-${r.seq}` },
    { title: '被审计单位', dataIndex: 'unitName', width: 200, ellipsis: true },
    { title: '问题类别', dataIndex: 'categoryName', width: 150 },
    { title: '问题描述', dataIndex: 'description', ellipsis: true },
    { title: '涉及金额（元）', dataIndex: 'amountFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '整改措施', dataIndex: 'measures', width: 180, ellipsis: true, render: (t: string | null) => t ?? <Dash /> },
    { title: '责任人', dataIndex: 'person', width: 90, render: (t: string | null) => t ?? <Dash /> },
    { title: '整改时限', dataIndex: 'deadline', width: 110, render: (t: string | null, r) => (t ? <span style={{ color: r.overdue ? '#cf1322' : undefined, fontWeight: r.overdue ? 600 : undefined }}>{t}</span> : <Dash />) },
    { title: '状态', dataIndex: 'status', width: 150, render: (s: string, r) => <RectTag status={s} overdue={r.overdue} /> },
    { title: '销号审核', key: 'v', width: 160, render: (_, r) => (r.verifiedName ? `${r.verifiedName} ${r.verifiedAt?.slice(0, 10)}` : <Dash />) },
  ];
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <ProjectorFrame testId="oversight-rect-page">
      <PageHeading
        title="整改台账"
        sub="整改措施、责任人、时限、状态与销号"
        extra={
          <Flex gap={12} align="center" wrap>
            <ReadOnlyTag lookups={lookups.data} />
            <YearPicker value={year} onChange={setYear} testId="oversight-rect-year" />
            <ProjectorSwitch />
          </Flex>
        }
      />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {RECT_STATUSES.map((s) => (
          <Col key={s} xs={12} md={4}><Card size="small"><Statistic title={s} value={rows.filter((r) => r.status === s).length} /></Card></Col>
        ))}
        <Col xs={12} md={4}><Card size="small"><Statistic title="逾期未整改" value={overdue} styles={{ content: { color: overdue ? '#cf1322' : undefined } }} /></Card></Col>
      </Row>
      <Card size="small">
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="整改状态" style={{ width: 140 }} value={status ?? undefined} onChange={(v) => setStatus(v ?? null)} options={RECT_STATUSES.map((s) => ({ value: s, label: s }))} data-testid="oversight-rect-filter-status" />
          <Select allowClear showSearch optionFilterProp="label" placeholder="被审计单位" style={{ width: 260 }} value={unitId ?? undefined} onChange={(v) => setUnitId(v ?? null)}
            options={(lookups.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="oversight-rect-overdue-only">只看逾期</Checkbox>
        </Flex>
        {list.error && <LoadError testId="oversight-rect-error" title="无法读取整改台账" error={list.error} onRetry={list.reload} />}
        <Table<OversightRectRow>
          size="middle"
          rowKey="id"
          loading={list.loading}
          columns={columns}
          dataSource={rows}
          scroll={{ x: 1500 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: '没有整改事项' }}
          onRow={(r) => ({
            onClick: () => setOpen(r.id),
            style: { cursor: 'pointer', background: r.overdue ? '#fff1f0' : undefined },
            'data-testid': 'oversight-rect-row',
            'data-code': `${r.projectCode}-${r.seq}`,
            'data-status': r.status,
            'data-overdue': r.overdue ? '1' : '0',
          }) as HTMLAttributes<HTMLElement>}
        />
      </Card>
      {open !== null && lookups.data && (
        <RectDrawer row={rows.find((r) => r.id === open)} lookups={lookups.data} onClose={() => setOpen(null)} onChanged={list.reload} />
      )}
    </ProjectorFrame>
  );
}

function RectDrawer({ row, lookups, onClose, onChanged }: { row: OversightRectRow | undefined; lookups: OversightLookups; onClose: () => void; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ measures: string; leader: string; person: string; deadline?: dayjs.Dayjs; status: '未整改' | '整改中' | '已整改'; completedOn?: dayjs.Dayjs; result: string; note: string }>();
  const [error, setError] = useState<string | null>(null);
  const [opinion, setOpinion] = useState('');
  const [evidence, setEvidence] = useState(false);
  const history = useApi('oversight.rect.history', { id: row?.id ?? 1 }, { enabled: !!row });
  useEffect(() => {
    if (!row) return;
    form.setFieldsValue({
      measures: row.measures ?? '', leader: row.leader ?? '', person: row.person ?? '', deadline: row.deadline ? dayjs(row.deadline) : undefined,
      status: row.status === '已销号' ? '已整改' : row.status, completedOn: row.completedOn ? dayjs(row.completedOn) : undefined, result: row.result ?? '', note: row.note ?? '',
    });
    setError(null);
  }, [row, form]);
  if (!row) return null;
  const audited = lookups.myUnitId === row.unitId;
  const canEdit = row.status !== '已销号' && (lookups.canWrite || audited);
  const refresh = () => { onChanged(); history.reload(); };
  async function save() {
    const v = await form.validateFields();
    setError(null);
    try {
      await api.invoke('oversight.rect.update', {
        id: row!.id, measures: v.measures || null, leader: v.leader || null, person: v.person || null, deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
        status: v.status, completedOn: v.completedOn ? v.completedOn.format('YYYY-MM-DD') : null, result: v.result || null, note: v.note || null,
      });
      message.success('整改情况已保存');
      refresh();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    }
  }
  async function verify(action: '销号' | '退回') {
    setError(null);
    try {
      await api.invoke('oversight.rect.verify', { id: row!.id, action, opinion: opinion || null });
      message.success(action === '销号' ? '已销号' : '已退回继续整改');
      setOpinion('');
      refresh();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    }
  }
  return (
    <Drawer open size="large" title={`整改事项 ${row.projectCode}-${row.seq}`} onClose={onClose} data-testid="oversight-rect-drawer">
      <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }} items={[
        { key: 'u', label: '被审计单位', children: row.unitName },
        { key: 'c', label: '问题类别', children: row.categoryName },
        { key: 'd', label: '问题描述', span: 2, children: row.description },
        { key: 'a', label: '涉及金额（元）', children: <Fen v={row.amountFen} /> },
        { key: 's', label: '状态', children: <RectTag status={row.status} overdue={row.overdue} /> },
        { key: 'r', label: '整改要求', span: 2, children: row.requirement ?? <Dash /> },
        { key: 'v', label: '销号审核', span: 2, children: row.verifiedName ? `${row.verifiedName} ${formatDateTime(row.verifiedAt)}` : <Dash /> },
      ]} />
      <Form form={form} layout="vertical" disabled={!canEdit} data-testid="oversight-rect-form">
        <Row gutter={12}>
          <Col span={24}><Form.Item name="measures" label="整改措施"><Input.TextArea rows={3} data-testid="oversight-rect-measures" /></Form.Item></Col>
          <Col span={8}><Form.Item name="leader" label="责任领导"><Input /></Form.Item></Col>
          <Col span={8}><Form.Item name="person" label="责任人"><Input data-testid="oversight-rect-person" /></Form.Item></Col>
          <Col span={8}><Form.Item name="deadline" label="整改时限（审计人员确定）"><DatePicker style={{ width: '100%' }} disabled={!lookups.canWrite} /></Form.Item></Col>
          <Col span={8}><Form.Item name="status" label="整改状态"><Select options={['未整改', '整改中', '已整改'].map((s) => ({ value: s, label: s }))} data-testid="oversight-rect-status-select" /></Form.Item></Col>
          <Col span={8}><Form.Item name="completedOn" label="整改完成日期"><DatePicker style={{ width: '100%' }} data-testid="oversight-rect-completed" /></Form.Item></Col>
          <Col span={24}><Form.Item name="result" label="整改结果 / 成效"><Input.TextArea rows={2} data-testid="oversight-rect-result" /></Form.Item></Col>
          <Col span={24}><Form.Item name="note" label="备注"><Input /></Form.Item></Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="oversight-rect-error" />}
      <Space wrap style={{ marginBottom: 16 }}>
        {canEdit && <Button type="primary" onClick={() => void save()} data-testid="oversight-rect-save">保存整改情况</Button>}
        {canEdit && <Button onClick={() => setEvidence(true)} data-testid="oversight-rect-evidence">提交佐证材料</Button>}
      </Space>
      {lookups.canClose && row.status === '已整改' && (
        <Card size="small" title="经审会核验" style={{ marginBottom: 16 }} data-testid="oversight-rect-verify">
          <Input.TextArea rows={2} placeholder="核验意见（退回时必填）" value={opinion} onChange={(e) => setOpinion(e.target.value)} style={{ marginBottom: 8 }} data-testid="oversight-rect-opinion" />
          <Space>
            <Button type="primary" onClick={() => void verify('销号')} data-testid="oversight-rect-close">核验销号</Button>
            <Button danger onClick={() => void verify('退回')} data-testid="oversight-rect-return">退回继续整改</Button>
          </Space>
        </Card>
      )}
      <Card size="small" title="历史" data-testid="oversight-rect-history">
        <Timeline items={(history.data ?? []).map((h) => ({ key: h.id, content: <div data-testid="oversight-rect-history-item" data-to={h.toStatus}><strong>{h.summary}</strong><div style={{ color: '#888' }}>{formatDateTime(h.at)} · {h.username}（{h.role}）</div></div> }))} />
      </Card>
      {evidence && <EvidenceModal finding={{ id: row.findingId, unitId: row.unitId }} purpose="整改" onClose={() => setEvidence(false)} onSaved={() => { setEvidence(false); refresh(); }} />}
    </Drawer>
  );
}
