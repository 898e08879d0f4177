// 缴费单位与应缴: every employer (基层工会 row of the registry) with its union status, payroll base in force
// for the month (history), what is due (base × rate; 筹备金 when no union), and the split rules as data
// with effective dates (editable defaults from domain.md).
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, DatePicker, Drawer, Flex, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { parseFen } from '../../../../shared/money';
import type { CollectionRuleRow, PayerRow } from '../../../../shared/contract/collection';
import { CHANNELS } from '../../../../shared/collection/split';
import { Dash, Fen, bp, today, useCan } from './common';

const { Text } = Typography;

export default function PayersPage() {
  return (
    <div data-testid="collection-payers-page">
      <PageHeading title="缴费单位与应缴" sub="按月工资总额 × 费率计算应缴；未建会单位缴建会筹备金" />
      <Tabs items={[
        { key: 'payers', label: '缴费单位', children: <PayersPanel /> },
        { key: 'rules', label: <span data-testid="collection-tab-rules">分成规则</span>, children: <RulesPanel /> },
      ]} />
    </div>
  );
}

function PayersPanel() {
  const [month, setMonth] = useState(today().slice(0, 7));
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<'经费' | '筹备金' | undefined>();
  const [page, setPage] = useState(1);
  const list = useApi('collection.payers.list', { month, search: search || undefined, kind, page, pageSize: 50 });
  const [open, setOpen] = useState<PayerRow | null>(null);
  const columns: TableColumnsType<PayerRow> = [
    { title: '单位', dataIndex: 'name', width: 240, ellipsis: true },
    { title: '统一社会信用代码', dataIndex: 'creditCode', width: 180, render: (v: string | null) => v ?? <Dash /> },
    { title: '乡镇/行业', dataIndex: 'parentName', width: 150, ellipsis: true, render: (v: string | null) => v ?? <Dash /> },
    { title: '建会', dataIndex: 'unionStatus', width: 90, render: (v: string | null) => v ?? <Dash /> },
    { title: '缴纳', dataIndex: 'kind', width: 90, render: (v: string) => <Tag color={v === '经费' ? 'blue' : 'orange'}>{v}</Tag> },
    { title: '职工', dataIndex: 'staffCount', width: 70, align: 'right' },
    { title: '月工资总额', dataIndex: 'payrollBaseFen', width: 140, align: 'right', render: (v: number | null) => <Fen v={v} /> },
    { title: '自', dataIndex: 'baseFrom', width: 90, render: (v: string | null) => v ?? <Text type="secondary">名录</Text> },
    { title: '本月应缴', dataIndex: 'monthDueFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '本年已缴', dataIndex: 'yearPaidFen', width: 130, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '小微', dataIndex: 'smallMicro', width: 60, render: (v: boolean) => (v ? '是' : '') },
    { title: '渠道', dataIndex: 'channel', width: 90 },
  ];
  return (
    <Card size="small">
      <Flex gap={12} wrap style={{ marginBottom: 12 }} align="center">
        <DatePicker picker="month" value={dayjs(`${month}-01`)} allowClear={false} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} data-testid="collection-payers-month" />
        <Select allowClear placeholder="缴纳类别" style={{ width: 120 }} value={kind} onChange={setKind} options={[{ value: '经费', label: '经费' }, { value: '筹备金', label: '筹备金' }]} />
        <Input.Search allowClear placeholder="名称、编码、信用代码" style={{ width: 240 }} onSearch={(v) => { setSearch(v); setPage(1); }} data-testid="collection-payers-search" />
        <Text>本月应缴合计 <Fen v={list.data?.monthDueFen ?? 0} testId="collection-payers-due" /> 元</Text>
      </Flex>
      {list.error && <LoadError testId="collection-payers-error" title="无法读取缴费单位" error={list.error} onRetry={list.reload} />}
      <Table<PayerRow> size="small" rowKey="unitId" loading={list.loading} columns={columns} dataSource={list.data?.rows ?? []} scroll={{ x: 1600 }}
        pagination={{ current: page, pageSize: 50, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' }, 'data-testid': 'collection-payer-row', 'data-name': r.name }) as HTMLAttributes<HTMLElement>} />
      {open && <PayerDrawer payer={open} onClose={() => setOpen(null)} onChanged={list.reload} />}
    </Card>
  );
}

function PayerDrawer({ payer, onClose, onChanged }: { payer: PayerRow; onClose: () => void; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const can = useCan();
  const history = useApi('collection.payers.baseHistory', { unitId: payer.unitId });
  const [form] = Form.useForm<{ fromMonth: dayjs.Dayjs; base: string; staff?: number }>();
  const [err, setErr] = useState<string | null>(null);
  const [micro, setMicro] = useState(payer.smallMicro);
  const [channel, setChannel] = useState(payer.channel);
  async function saveBase() {
    const v = await form.validateFields();
    setErr(null);
    try {
      await api.invoke('collection.payers.setBase', { unitId: payer.unitId, fromMonth: v.fromMonth.format('YYYY-MM'), payrollBaseFen: parseFen(v.base), staffCount: v.staff ?? null });
      message.success('已登记');
      history.reload();
      onChanged();
    } catch (e) {
      setErr(e instanceof Error ? e.message : String(e));
    }
  }
  async function saveInfo() {
    try {
      await api.invoke('collection.payers.setInfo', { unitId: payer.unitId, smallMicro: micro, channel: channel as (typeof CHANNELS)[number] });
      message.success('已保存');
      onChanged();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  return (
    <Drawer open width={620} title={payer.name} onClose={onClose} data-testid="collection-payer-drawer">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Text type="secondary">建会状态：{payer.unionStatus ?? '未填'}；开户行：{payer.bankName ?? '—'}；账号：{payer.bankAccount ?? '—'}（在“单位名录”中维护）</Text>
        <Card size="small" title="月工资总额历史">
          <Table size="small" rowKey="id" pagination={false} dataSource={history.data ?? []} locale={{ emptyText: '没有历史记录，使用单位名录中的月工资总额' }}
            columns={[
              { title: '自', dataIndex: 'fromMonth' },
              { title: '月工资总额', dataIndex: 'payrollBaseFen', align: 'right', render: (v: number) => <Fen v={v} /> },
              { title: '职工人数', dataIndex: 'staffCount', align: 'right' },
              { title: '来源', dataIndex: 'source' },
            ]} />
          {can.write && (
            <Form form={form} layout="inline" style={{ marginTop: 12 }} initialValues={{ fromMonth: dayjs() }}>
              <Form.Item name="fromMonth" rules={[{ required: true }]}><DatePicker picker="month" allowClear={false} /></Form.Item>
              <Form.Item name="base" rules={[{ required: true, message: '请填写金额' }]}><Input placeholder="月工资总额（元）" style={{ width: 160 }} data-testid="collection-base-amount" /></Form.Item>
              <Form.Item name="staff"><InputNumber min={0} placeholder="职工人数" /></Form.Item>
              <Button onClick={() => void saveBase()} data-testid="collection-base-save">登记</Button>
            </Form>
          )}
          {err && <Alert type="error" showIcon title={err} style={{ marginTop: 8 }} />}
        </Card>
        <Card size="small" title="收缴属性">
          <Flex gap={12} align="center">
            <Checkbox checked={micro} disabled={!can.write} onChange={(e) => setMicro(e.target.checked)}>小微企业（适用小微返还政策）</Checkbox>
            <Select value={channel} disabled={!can.write} onChange={setChannel} style={{ width: 140 }} options={CHANNELS.map((c) => ({ value: c, label: c }))} />
            {can.write && <Button onClick={() => void saveInfo()}>保存</Button>}
          </Flex>
        </Card>
      </Space>
    </Drawer>
  );
}

function RulesPanel() {
  const { message } = AntApp.useApp();
  const can = useCan();
  const rules = useApi('collection.rules.list', {});
  const [form] = Form.useForm();
  const [err, setErr] = useState<string | null>(null);
  const pct = (name: string, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}><InputNumber min={0} max={100} step={0.01} addonAfter="%" style={{ width: 130 }} /></Form.Item>
  );
  async function save() {
    const v = await form.validateFields();
    setErr(null);
    const b = (x: number) => Math.round(x * 100);
    try {
      await api.invoke('collection.rules.save', {
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'), rateBp: b(v.rate), grassrootsBp: b(v.grassroots), countyBp: b(v.county), cityBp: b(v.city),
        provinceBp: b(v.province), nationalBp: b(v.national), feeBp: b(v.fee), smallMicroRefundBp: b(v.micro), toleranceBp: b(v.tolerance), source: v.source || null, note: v.note || null,
      });
      message.success('规则已保存');
      rules.reload();
    } catch (e) {
      setErr(ApiCallError.from(e).message);
    }
  }
  const columns: TableColumnsType<CollectionRuleRow> = [
    { title: '生效期间', key: 'p', width: 200, render: (_, r) => `${r.effectiveFrom} 至 ${r.effectiveTo ?? '今后'}` },
    { title: '费率', dataIndex: 'rateBp', render: bp },
    { title: '基层', dataIndex: 'grassrootsBp', render: bp },
    { title: '县', dataIndex: 'countyBp', render: bp },
    { title: '市', dataIndex: 'cityBp', render: bp },
    { title: '省', dataIndex: 'provinceBp', render: bp },
    { title: '全总', dataIndex: 'nationalBp', render: bp },
    { title: '手续费', dataIndex: 'feeBp', render: bp },
    { title: '小微返还', dataIndex: 'smallMicroRefundBp', render: bp },
    { title: '对账容差', dataIndex: 'toleranceBp', render: bp },
    { title: '依据', dataIndex: 'source', ellipsis: true },
  ];
  const last = rules.data?.[rules.data.length - 1];
  return (
    <Card size="small">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="默认值来自《工会法》和相关文件（2%，基层 60%；上级各级比例、代收手续费、2023 年以后的小微返还由省里规定，未确认），均可修改。每条记录按入库日期适用当时有效的规则；手续费由县级留成负担。" />
      {rules.error && <LoadError testId="collection-rules-error" title="无法读取规则" error={rules.error} />}
      <Table<CollectionRuleRow> size="small" rowKey="id" pagination={false} columns={columns} dataSource={rules.data ?? []} data-testid="collection-rules" />
      {can.write && last && (
        <Form form={form} layout="inline" style={{ marginTop: 16, rowGap: 8 }}
          initialValues={{ effectiveFrom: dayjs(), rate: last.rateBp / 100, grassroots: last.grassrootsBp / 100, county: last.countyBp / 100, city: last.cityBp / 100, province: last.provinceBp / 100, national: last.nationalBp / 100, fee: last.feeBp / 100, micro: last.smallMicroRefundBp / 100, tolerance: last.toleranceBp / 100 }}>
          <Form.Item name="effectiveFrom" label="自" rules={[{ required: true }]}><DatePicker allowClear={false} /></Form.Item>
          {pct('rate', '费率')}{pct('grassroots', '基层')}{pct('county', '县')}{pct('city', '市')}{pct('province', '省')}{pct('national', '全总')}
          {pct('fee', '手续费')}{pct('micro', '小微返还')}{pct('tolerance', '容差')}
          <Form.Item name="source" label="依据"><Input style={{ width: 240 }} /></Form.Item>
          <Form.Item name="note" label="说明"><Input style={{ width: 240 }} /></Form.Item>
          <Button type="primary" onClick={() => void save()}>保存规则</Button>
        </Form>
      )}
      {err && <Alert type="error" showIcon title={err} style={{ marginTop: 8 }} />}
    </Card>
  );
}
