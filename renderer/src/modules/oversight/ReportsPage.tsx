// 统计与报告: finding statistics by category, unit and rectification status (bars drawn in SVG), the
// 问题清单 on screen, the Excel workbook (审查报告 of a project, 问题清单, 整改台账, 问题统计, 会议纪要), and
// the editable list of finding categories.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Flex, Form, Input, Modal, Row, Select, Statistic, Switch, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { formatFen } from '../../format';
import type { OversightCategoryRow, OversightFindingRow, OversightLookups } from '../../../../shared/contract/oversight';
import { Bars, Dash, Fen, ProjectorFrame, ProjectorSwitch, ReadOnlyTag, RectTag, YearPicker, useLookups, useYear } from './common';

export default function ReportsPage() {
  const [year, setYear] = useYear();
  const lookups = useLookups();
  return (
    <ProjectorFrame testId="oversight-reports-page">
      <PageHeading
        title="经审统计与报告"
        sub="问题统计、问题清单、导出经审报告"
        extra={
          <Flex gap={12} align="center" wrap>
            <ReadOnlyTag lookups={lookups.data} />
            <YearPicker value={year} onChange={setYear} testId="oversight-reports-year" />
            <ProjectorSwitch />
          </Flex>
        }
      />
      <Tabs
        items={[
          { key: 'stats', label: '问题统计', children: <Stats year={year} /> },
          { key: 'list', label: '问题清单', children: <FindingList year={year} /> },
          { key: 'export', label: '导出报告', children: <Export year={year} /> },
          ...(lookups.data ? [{ key: 'cats', label: '问题类别', children: <Categories lookups={lookups.data} onChanged={lookups.reload} /> }] : []),
        ]}
      />
    </ProjectorFrame>
  );
}

function Stats({ year }: { year: number }) {
  const r = useApi('oversight.stats', { year });
  if (r.error) return <LoadError testId="oversight-stats-error" title="无法统计" error={r.error} onRetry={r.reload} />;
  const s = r.data;
  if (!s) return null;
  return (
    <div data-testid="oversight-stats">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title="发现问题（个）" value={s.totalFindings} valueRender={() => <span data-testid="oversight-stats-total">{s.totalFindings}</span>} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="涉及金额（元）" value={formatFen(s.totalAmountFen)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="已整改/已销号" value={s.byStatus.filter((x) => x.status === '已整改' || x.status === '已销号').reduce((a, x) => a + x.count, 0)} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title="逾期未整改" value={s.overdue} styles={{ content: { color: s.overdue ? '#cf1322' : undefined } }} /></Card></Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title="按问题类别（个）" style={{ marginBottom: 16 }}>
            <Bars testId="oversight-chart-category" rows={s.byCategory.map((c) => ({ label: c.name, value: c.count }))} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="按被审计单位（涉及金额，元）" style={{ marginBottom: 16 }}>
            <Bars testId="oversight-chart-unit" rows={s.byUnit.map((u) => ({ label: u.unitName, value: u.amountFen }))} format={(n) => formatFen(n)} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="按整改状态（个）">
            <Bars testId="oversight-chart-status" rows={s.byStatus.map((x) => ({ label: x.status, value: x.count }))} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title="各单位整改情况">
            <Table size="small" rowKey="unitId" pagination={false} dataSource={s.byUnit} columns={[
              { title: '单位', dataIndex: 'unitName' },
              { title: '问题', dataIndex: 'count', align: 'right', width: 70 },
              { title: '涉及金额（元）', dataIndex: 'amountFen', align: 'right', width: 140, render: (v: number) => <Fen v={v} /> },
              { title: '整改率', key: 'r', align: 'right', width: 90, render: (_: unknown, u) => (u.total ? `${Math.round((u.done / u.total) * 100)}%` : '—') },
            ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function FindingList({ year }: { year: number }) {
  const r = useApi('oversight.findings.list', { year });
  const columns: TableColumnsType<OversightFindingRow> = [
    { title: '编号', key: 'c', width: 130, render: (_, f) => `${f.projectCode}-${f.seq}` },
    { title: '被审计单位', dataIndex: 'unitName', width: 200, ellipsis: true },
    { title: '问题类别', dataIndex: 'categoryName', width: 160 },
    { title: '问题描述', dataIndex: 'description' },
    { title: '涉及金额（元）', dataIndex: 'amountFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '依据', dataIndex: 'basis', width: 180, ellipsis: true, render: (t: string | null) => t ?? <Dash /> },
    { title: '证据', key: 'e', width: 70, align: 'right', render: (_, f) => f.evidence.length },
    { title: '整改', key: 's', width: 140, render: (_, f) => <RectTag status={f.rectification.status} overdue={f.rectification.overdue} /> },
  ];
  if (r.error) return <LoadError testId="oversight-findings-error" title="无法读取" error={r.error} onRetry={r.reload} />;
  return (
    <Table<OversightFindingRow> size="middle" rowKey="id" loading={r.loading} columns={columns} dataSource={r.data ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }}
      onRow={(f) => ({ 'data-testid': 'oversight-findinglist-row' , 'data-code': `${f.projectCode}-${f.seq}` }) as HTMLAttributes<HTMLElement>} />
  );
}

function Export({ year }: { year: number }) {
  const { message } = AntApp.useApp();
  const projects = useApi('oversight.projects.list', { year });
  const lookups = useLookups();
  const [projectId, setProjectId] = useState<number | null>(null);
  const [unitId, setUnitId] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      const file = await api.invoke('oversight.report.export', { year, projectId, unitId: projectId ? null : unitId });
      const saved = await api.os.saveExport(file, { title: '导出经审报告' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card size="small" data-testid="oversight-export">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="工作簿包含：审查报告（选定项目时）、问题清单、整改台账、问题统计、会议纪要；金额为数字（元，两位小数），表头冻结，已设置打印。" />
      <Flex gap={12} wrap align="center">
        <Select allowClear placeholder="全部项目（年度报告）" style={{ width: 320 }} value={projectId ?? undefined} onChange={(v) => setProjectId(v ?? null)}
          options={(projects.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }))} data-testid="oversight-export-project" />
        <Select allowClear placeholder="全部单位" disabled={projectId !== null} style={{ width: 260 }} value={unitId ?? undefined} onChange={(v) => setUnitId(v ?? null)} showSearch optionFilterProp="label"
          options={(lookups.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        <Button type="primary" icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="oversight-export-run">导出 Excel</Button>
      </Flex>
    </Card>
  );
}

function Categories({ lookups, onChanged }: { lookups: OversightLookups; onChanged: () => void }) {
  const [editing, setEditing] = useState<OversightCategoryRow | 'new' | null>(null);
  const [form] = Form.useForm<{ name: string; group: string; active: boolean }>();
  const [error, setError] = useState<string | null>(null);
  const columns: TableColumnsType<OversightCategoryRow> = [
    { title: '分组', dataIndex: 'group', width: 160 },
    { title: '问题类别', dataIndex: 'name' },
    { title: '已使用', dataIndex: 'findingCount', width: 90, align: 'right' },
    { title: '状态', dataIndex: 'active', width: 90, render: (a: boolean) => (a ? <Tag color="success">启用</Tag> : <Tag>停用</Tag>) },
    ...(lookups.canWrite ? [{ title: '', key: 'e', width: 80, render: (_: unknown, c: OversightCategoryRow) => <Button size="small" type="link" onClick={() => { form.setFieldsValue({ name: c.name, group: c.group, active: c.active }); setError(null); setEditing(c); }}>修改</Button> }] : []),
  ];
  return (
    <Card size="small" title="问题类别（可编辑）" extra={lookups.canWrite && <Button icon={<PlusOutlined />} onClick={() => { form.setFieldsValue({ name: '', group: '', active: true }); setError(null); setEditing('new'); }} data-testid="oversight-category-new">新增类别</Button>}>
      <Table<OversightCategoryRow> size="small" rowKey="id" columns={columns} dataSource={lookups.categories} pagination={false} />
      <Modal open={!!editing} title={editing === 'new' ? '新增问题类别' : '修改问题类别'} onCancel={() => setEditing(null)} okText="保存" destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await api.invoke('oversight.categories.save', { id: editing === 'new' ? null : editing!.id, name: v.name, group: v.group, active: v.active });
            setEditing(null);
            onChanged();
          } catch (e) {
            setError(ApiCallError.from(e).message);
          }
        }}>
        <Form form={form} layout="vertical">
          <Form.Item name="group" label="分组" rules={[{ required: true, message: '请填写分组' }]}><Input /></Form.Item>
          <Form.Item name="name" label="类别名称" rules={[{ required: true, message: '请填写类别名称' }]}><Input /></Form.Item>
          <Form.Item name="active" label="启用" valuePropName="checked"><Switch /></Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </Card>
  );
}
