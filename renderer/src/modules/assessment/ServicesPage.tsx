// 服务台账（一企一档）: services received per employer / grassroots union (四送, 互助保障, 帮扶, 法律援助, 劳动竞赛,
// 职工之家, 五个一) with date, people, amount (linked to the expenditure request that paid it), satisfaction
// and outcome; the county view (服务覆盖率, 问题解决率, 协商成功率, 职工满意度); each enterprise's bill by year;
// the ledger and the county summary in Excel.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { ExportOutlined, PlusOutlined } from '@ant-design/icons';
import type { ServiceRow } from '../../../../shared/contract/assessment';
import { SERVICE_CATEGORIES, SERVICE_CLERKS } from '../../../../shared/assessment/constants';
import { parseFen } from '../../../../shared/money';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatFen, formatInt } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { Fen } from '../budget/common';
import { Dash, UnitSelect, YearPicker, saveFile, useAssessYear } from './common';

const { Text } = Typography;

export default function ServicesPage() {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const canEdit = hasAnyRole(user, SERVICE_CLERKS);
  const [year, setYear] = useAssessYear();
  const [unitId, setUnitId] = useState<number | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [editing, setEditing] = useState<ServiceRow | 'new' | null>(null);
  const [billOf, setBillOf] = useState<number | null>(null);
  const list = useApi('assessment.services.list', { year, unitId, category: category as never, ...paging });
  const county = useApi('assessment.services.county', { year });

  async function exportLedger() {
    try {
      const f = await api.invoke('assessment.services.export', { year, unitId });
      const p = await saveFile(f, '导出服务台账');
      if (p) message.success(`已保存：${p}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }

  const columns: TableColumnsType<ServiceRow> = [
    { title: '日期', dataIndex: 'date', width: 100 },
    { title: '单位', key: 'u', render: (_, r) => <a onClick={() => setBillOf(r.unit.id)} data-testid="assess-service-unit">{r.unit.name}</a> },
    { title: '类别', dataIndex: 'category', width: 110, render: (c: string) => <Tag>{c}</Tag> },
    { title: '服务内容', dataIndex: 'title' },
    { title: '人数', dataIndex: 'people', width: 70, align: 'right' },
    { title: '金额（元）', dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '支出申请', dataIndex: 'expenseRequestId', width: 90, render: (v: number | null) => (v ? `#${v}` : <Dash />) },
    { title: '满意度', dataIndex: 'satisfaction', width: 70, align: 'right', render: (v: number | null) => (v === null ? <Dash /> : v) },
    { title: '结果', dataIndex: 'resolved', width: 80, render: (v: boolean | null, r) => (v === null ? <Dash /> : r.category === '工资集体协商' ? (v ? '达成' : '未达成') : v ? '已解决' : '未解决') },
    ...(canEdit
      ? [{
          title: '', key: 'ops', width: 110,
          render: (_: unknown, r: ServiceRow) => (
            <Space size={0}>
              <Button size="small" type="link" onClick={() => setEditing(r)} data-testid="assess-service-edit">修改</Button>
              <Button
                size="small"
                type="link"
                danger
                onClick={() => {
                  let reason = '';
                  Modal.confirm({
                    title: '作废服务记录',
                    content: <Input placeholder="作废原因" onChange={(e) => (reason = e.target.value)} data-testid="assess-service-void-reason" />,
                    onOk: async () => {
                      try {
                        await api.invoke('assessment.services.delete', { id: r.id, reason });
                        list.reload();
                        county.reload();
                      } catch (e) {
                        message.error(ApiCallError.from(e).message);
                        throw e;
                      }
                    },
                  });
                }}
              >
                作废
              </Button>
            </Space>
          ),
        }]
      : []),
  ];

  const c = county.data;
  return (
    <div data-testid="assess-services-page">
      <PageHeading
        title="服务台账（一企一档）"
        extra={
          <Space wrap>
            <YearPicker value={year} onChange={setYear} testId="assess-services-year" label="年度" />
            <Button icon={<ExportOutlined />} onClick={() => void exportLedger()} data-testid="assess-services-export">导出台账与汇总</Button>
            {canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="assess-service-new">登记服务</Button>}
          </Space>
        }
      />
      {county.error && <LoadError testId="assess-county-error" title="无法读取全县汇总" error={county.error} onRetry={county.reload} />}
      {c && (
        <Row gutter={16} style={{ marginBottom: 16 }} data-testid="assess-county">
          {c.metrics.map((m) => (
            <Col key={m.key} span={6}>
              <Card size="small" title={m.label} extra={<Text type="secondary" style={{ fontSize: 12 }}>{m.key === 'satisfaction' ? `${m.denominator} 次评价` : `${formatInt(m.numerator)} / ${formatInt(m.denominator)}`}</Text>}>
                <Statistic
                  value={m.value === null ? '—' : m.key === 'satisfaction' ? m.value : (m.value * 100).toFixed(2)}
                  suffix={m.value === null ? '' : m.key === 'satisfaction' ? '分' : '%'}
                  data-testid={`assess-metric-${m.key}`}
                />
                <Text type="secondary" style={{ fontSize: 12 }}>{m.formula}</Text>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Card size="small">
        <Space style={{ marginBottom: 8 }} wrap>
          <UnitSelect value={unitId} onChange={(v) => { setUnitId(v); setPaging({ ...paging, page: 1 }); }} testId="assess-services-unit" placeholder="全部单位" />
          <Select allowClear placeholder="全部类别" style={{ width: 150 }} value={category ?? undefined} onChange={(v) => setCategory(v ?? null)} options={SERVICE_CATEGORIES.map((x) => ({ value: x, label: x }))} data-testid="assess-services-category" />
          {list.data && <Text type="secondary">共 {formatInt(list.data.total)} 次，服务 {formatInt(list.data.people)} 人次，金额 {formatFen(list.data.sumFen)} 元</Text>}
          {unitId && <Button onClick={() => setBillOf(unitId)} data-testid="assess-services-bill">服务账单</Button>}
        </Space>
        {list.error && <LoadError testId="assess-services-error" title="无法读取服务台账" error={list.error} onRetry={list.reload} />}
        <Table<ServiceRow>
          size="small"
          rowKey="id"
          loading={list.loading}
          columns={columns}
          dataSource={list.data?.rows ?? []}
          data-testid="assess-services-table"
          onRow={(r) => ({ 'data-testid': 'assess-service-row', 'data-unit': r.unit.code, 'data-category': r.category }) as HTMLAttributes<HTMLElement>}
          pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total ?? 0, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        />
      </Card>
      {editing && (
        <ServiceForm
          row={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => { setEditing(null); list.reload(); county.reload(); message.success('已保存'); }}
        />
      )}
      {billOf && <Bill unitId={billOf} onClose={() => setBillOf(null)} />}
    </div>
  );
}

function ServiceForm({ row, onClose, onSaved }: { row: ServiceRow | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    const v = await form.validateFields();
    let amountFen = 0;
    try {
      amountFen = v.amount ? parseFen(String(v.amount)) : 0;
    } catch (e) {
      form.setFields([{ name: 'amount', errors: [(e as Error).message] }]);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.invoke('assessment.services.save', {
        id: row?.id ?? null,
        unitId: v.unitId,
        date: v.date.format('YYYY-MM-DD'),
        category: v.category,
        title: v.title,
        people: v.people ?? 0,
        amountFen,
        expenseRequestId: v.expenseRequestId ?? null,
        satisfaction: v.satisfaction ?? null,
        resolved: v.resolved === undefined || v.resolved === null ? null : v.resolved === 'yes',
        provider: v.provider ?? null,
        note: v.note ?? null,
      });
      onSaved();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Drawer open width={560} title={row ? '修改服务记录' : '登记服务'} onClose={onClose} data-testid="assess-service-form"
      extra={<Button type="primary" loading={busy} onClick={() => void save()} data-testid="assess-service-save">保存</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="assess-service-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={row ? {
          unitId: row.unit.id, date: dayjs(row.date), category: row.category, title: row.title, people: row.people, amount: row.amountFen ? formatFen(row.amountFen) : '',
          expenseRequestId: row.expenseRequestId, satisfaction: row.satisfaction, resolved: row.resolved === null ? undefined : row.resolved ? 'yes' : 'no', provider: row.provider, note: row.note,
        } : { date: dayjs(), people: 0 }}
      >
        <Form.Item name="unitId" label="服务对象（企业 / 基层工会）" rules={[{ required: true, message: '请选择单位' }]}>
          <UnitSelect value={form.getFieldValue('unitId')} onChange={(v) => form.setFieldValue('unitId', v)} testId="assess-service-unit-select" style={{ width: '100%' }} />
        </Form.Item>
        <Space>
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}><DatePicker data-testid="assess-service-date" /></Form.Item>
          <Form.Item name="category" label="服务类别" rules={[{ required: true, message: '请选择服务类别' }]}>
            <Select style={{ width: 160 }} options={SERVICE_CATEGORIES.map((x) => ({ value: x, label: x }))} data-testid="assess-service-category" />
          </Form.Item>
        </Space>
        <Form.Item name="title" label="服务内容" rules={[{ required: true, message: '请填写服务内容' }]}><Input maxLength={120} data-testid="assess-service-title" /></Form.Item>
        <Space>
          <Form.Item name="people" label="服务人数"><InputNumber min={0} precision={0} data-testid="assess-service-people" /></Form.Item>
          <Form.Item name="amount" label="金额（元）"><Input style={{ width: 140 }} placeholder="1,234.50" data-testid="assess-service-amount" /></Form.Item>
          <Form.Item name="expenseRequestId" label="支出申请编号"><InputNumber min={1} precision={0} data-testid="assess-service-expense" /></Form.Item>
        </Space>
        <Space>
          <Form.Item name="satisfaction" label="满意度（0–100）"><InputNumber min={0} max={100} data-testid="assess-service-satisfaction" /></Form.Item>
          <Form.Item name="resolved" label="结果">
            <Select allowClear style={{ width: 150 }} options={[{ value: 'yes', label: '已解决 / 协商达成' }, { value: 'no', label: '未解决 / 未达成' }]} data-testid="assess-service-resolved" />
          </Form.Item>
        </Space>
        <Form.Item name="provider" label="服务提供方"><Input maxLength={60} /></Form.Item>
        <Form.Item name="note" label="备注"><Input.TextArea rows={2} maxLength={300} /></Form.Item>
      </Form>
    </Drawer>
  );
}

function Bill({ unitId, onClose }: { unitId: number; onClose: () => void }) {
  const b = useApi('assessment.services.bill', { unitId });
  return (
    <Drawer open width={760} title={b.data ? `${b.data.unit.name} — 服务账单（一企一档）` : '服务账单'} onClose={onClose} data-testid="assess-bill">
      {b.error && <LoadError testId="assess-bill-error" title="无法读取服务账单" error={b.error} onRetry={b.reload} />}
      {b.data?.years.length === 0 && <Alert type="info" showIcon title="该单位还没有服务记录。" />}
      {b.data?.years.map((y) => {
        const five = b.data!.fiveOnes.find((f) => f.year === y.year);
        return (
          <Card key={y.year} size="small" title={`${y.year} 年`} style={{ marginBottom: 12 }} data-testid="assess-bill-year"
            extra={<span style={numStyle}>{y.count} 次 · {formatInt(y.people)} 人次 · {formatFen(y.amountFen)} 元 · 满意度 {y.satisfaction ?? '—'}</span>}>
            <Table size="small" rowKey="category" pagination={false} dataSource={y.byCategory}
              columns={[
                { title: '类别', dataIndex: 'category' },
                { title: '次数', dataIndex: 'count', align: 'right' },
                { title: '人数', dataIndex: 'people', align: 'right' },
                { title: '金额（元）', dataIndex: 'amountFen', align: 'right', render: (v: number) => <Fen v={v} /> },
                { title: '满意度', dataIndex: 'satisfaction', align: 'right', render: (v: number | null) => v ?? <Dash /> },
              ]} />
            {five && <div style={{ marginTop: 6 }}><Text>“五个一”：</Text>{five.held.map((h) => <Tag color="success" key={h}>{h}</Tag>)}{five.missing.map((h) => <Tag key={h}>{h}（未开展）</Tag>)}</div>}
          </Card>
        );
      })}
    </Drawer>
  );
}
