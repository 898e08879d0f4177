// 对账工作清单: run the reconciliation for a year (应缴未缴 / 少缴 / 申报不实 with the figures behind each),
// then work the list — record follow-up (contacted, explained, paid, transferred to the tax agency …) with
// dates; resolved flags keep their history. Below, the year-end accrual of what lower unions owe (AccrualCard).
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, DatePicker, Descriptions, Drawer, Flex, Form, Input, Row, Select, Statistic, Table, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import type { FlagRow } from '../../../../shared/contract/collection';
import { FLAG_KINDS, FLAG_STATUSES, FOLLOWUP_ACTIONS } from '../../../../shared/collection/split';
import { Dash, Fen, FlagTag, StatusTag, YearPicker, useCan, useYear } from './common';
import { AccrualCard } from './AccrualCard';

const { Text } = Typography;

export default function ReconcilePage() {
  const { message } = AntApp.useApp();
  const can = useCan();
  const [year, setYear] = useYear();
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [activeOnly, setActiveOnly] = useState(true);
  const list = useApi('collection.flags.list', { year, kind: kind as never, status: status as never, activeOnly, pageSize: 200 });
  const [running, setRunning] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  async function reconcile() {
    setRunning(true);
    try {
      const r = await api.invoke('collection.reconcile.run', { year });
      message.success(`对账完成（应缴计至 ${r.throughMonth} 月）：应缴未缴 ${r.counts.应缴未缴}，少缴 ${r.counts.少缴}，申报不实 ${r.counts.申报不实}${r.cleared ? `，${r.cleared} 条已不存在并自动关闭` : ''}`);
      list.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setRunning(false);
    }
  }
  const rows = list.data?.rows ?? [];
  const columns: TableColumnsType<FlagRow> = [
    { title: '单位', dataIndex: 'unitName', width: 220, ellipsis: true },
    { title: '类别', dataIndex: 'kind', width: 100, render: (v: string) => <FlagTag kind={v} /> },
    { title: '应缴', dataIndex: 'dueFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '实缴', dataIndex: 'paidFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '申报工资总额', dataIndex: 'declaredBaseFen', width: 140, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '参考工资', dataIndex: 'referenceFen', width: 140, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '差额', dataIndex: 'gapFen', width: 130, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: string) => <StatusTag status={v} /> },
    { title: '最近跟进', dataIndex: 'lastAction', width: 120, render: (v: string | null) => v ?? <Dash /> },
  ];
  return (
    <div data-testid="collection-reconcile-page">
      <PageHeading title="对账工作清单" sub="应缴未缴、少缴、申报不实（与企业所得税工资薪金或社保工资基数比对）" extra={
        <Flex gap={8} align="center">
          <YearPicker value={year} onChange={setYear} testId="collection-reconcile-year" />
          {can.write && <Button type="primary" loading={running} onClick={() => void reconcile()} data-testid="collection-reconcile-run">对账</Button>}
        </Flex>
      } />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {FLAG_KINDS.map((k) => (
          <Col key={k} span={6}><Card size="small"><Statistic title={k} value={rows.filter((r) => r.kind === k && r.active).length} valueRender={(n) => <span data-testid={`collection-count-${k}`}>{n}</span>} /></Card></Col>
        ))}
        <Col span={6}><Card size="small"><Statistic title="已解决" value={rows.filter((r) => r.status === '已解决').length} /></Card></Col>
      </Row>
      <Card size="small">
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Select allowClear placeholder="类别" style={{ width: 120 }} value={kind} onChange={setKind} options={FLAG_KINDS.map((k) => ({ value: k, label: k }))} />
          <Select allowClear placeholder="状态" style={{ width: 120 }} value={status} onChange={setStatus} options={FLAG_STATUSES.map((k) => ({ value: k, label: k }))} />
          <Checkbox checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)}>只看本次对账仍存在的</Checkbox>
        </Flex>
        {list.error && <LoadError testId="collection-flags-error" title="无法读取工作清单" error={list.error} onRetry={list.reload} />}
        <Table<FlagRow> size="small" rowKey="id" loading={list.loading} columns={columns} dataSource={rows} scroll={{ x: 1300 }} pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: '没有疑点（请先导入收缴记录和参考工资，再点“对账”）' }}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' }, 'data-testid': 'collection-flag-row', 'data-unit': r.unitName, 'data-kind': r.kind, 'data-status': r.status }) as HTMLAttributes<HTMLElement>} />
      </Card>
      <AccrualCard year={year} />
      {open !== null && <FlagDrawer flag={rows.find((r) => r.id === open)} onClose={() => setOpen(null)} onChanged={list.reload} />}
    </div>
  );
}

function FlagDrawer({ flag, onClose, onChanged }: { flag: FlagRow | undefined; onClose: () => void; onChanged: () => void }) {
  const can = useCan();
  const history = useApi('collection.flags.followups', { flagId: flag?.id ?? 1 }, { enabled: !!flag });
  const [form] = Form.useForm<{ action: (typeof FOLLOWUP_ACTIONS)[number]; onDate: dayjs.Dayjs; note?: string; resolves: boolean }>();
  const [err, setErr] = useState<string | null>(null);
  if (!flag) return null;
  async function save() {
    const v = await form.validateFields();
    setErr(null);
    try {
      await api.invoke('collection.flags.followup', { flagId: flag!.id, action: v.action, onDate: v.onDate.format('YYYY-MM-DD'), note: v.note || null, resolves: !!v.resolves });
      form.resetFields(['note', 'resolves']);
      history.reload();
      onChanged();
    } catch (e) {
      setErr(ApiCallError.from(e).message);
    }
  }
  return (
    <Drawer open width={640} title={`${flag.unitName} · ${flag.year} 年${flag.kind}`} onClose={onClose} data-testid="collection-flag-drawer">
      <Descriptions size="small" column={2} bordered items={[
        { label: '类别', children: <FlagTag kind={flag.kind} /> },
        { label: '状态', children: <span data-testid="collection-flag-status">{flag.status}</span> },
        { label: '全年应缴', children: <Fen v={flag.dueFen} /> },
        { label: '全年实缴', children: <Fen v={flag.paidFen} /> },
        { label: '申报工资总额', children: <Fen v={flag.declaredBaseFen} /> },
        { label: `参考工资${flag.referenceSource ? `（${flag.referenceSource}）` : ''}`, children: <Fen v={flag.referenceFen} /> },
        { label: '差额', children: <Fen v={flag.gapFen} testId="collection-flag-gap" /> },
        { label: '发现 / 复核', children: `${flag.foundAt.slice(0, 10)} / ${flag.checkedAt.slice(0, 10)}` },
      ]} />
      <Card size="small" title="跟进记录" style={{ marginTop: 16 }}>
        {(history.data ?? []).length === 0 ? <Text type="secondary">尚无跟进记录</Text> : (
          <Timeline items={(history.data ?? []).map((h) => ({
            color: h.resolves ? 'green' : 'blue',
            children: <div data-testid="collection-followup">{h.onDate} <Text strong>{h.action}</Text>{h.note ? `：${h.note}` : ''}{h.resolves ? '（已解决）' : ''} <Text type="secondary">— {h.createdBy ?? ''}</Text></div>,
          }))} />
        )}
        {can.write && (
          <Form form={form} layout="vertical" initialValues={{ onDate: dayjs(), action: '已联系', resolves: false }}>
            <Flex gap={8}>
              <Form.Item name="action" label="跟进" rules={[{ required: true }]}><Select style={{ width: 160 }} options={FOLLOWUP_ACTIONS.map((a) => ({ value: a, label: a }))} data-testid="collection-followup-action" /></Form.Item>
              <Form.Item name="onDate" label="日期" rules={[{ required: true }]}><DatePicker allowClear={false} /></Form.Item>
            </Flex>
            <Form.Item name="note" label="说明"><Input.TextArea rows={2} data-testid="collection-followup-note" /></Form.Item>
            <Form.Item name="resolves" valuePropName="checked"><Checkbox data-testid="collection-followup-resolves">已解决</Checkbox></Form.Item>
            <Button type="primary" onClick={() => void save()} data-testid="collection-followup-save">登记跟进</Button>
          </Form>
        )}
        {err && <Alert type="error" showIcon title={err} style={{ marginTop: 8 }} />}
      </Card>
    </Drawer>
  );
}
