// 分成与返还: the grassroots unions' refunds due (their share of posted receipts), a transfer list for the
// bank (Excel), the transfer result (paid → payment voucher; failed → reason) and reissue of a failed one;
// 筹备金 of employers that have since founded a union converted to 经费.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Flex, Input, Modal, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import type { RefundDueRow, RefundRow } from '../../../../shared/contract/collection';
import { Dash, Fen, SetSelect, StatusTag, today, useCan } from './common';

const { Text } = Typography;

export default function RefundsPage() {
  const { message } = AntApp.useApp();
  const can = useCan();
  const due = useApi('collection.refunds.due', {});
  const [listNo, setListNo] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const refunds = useApi('collection.refunds.list', { listNo, status: status as never, pageSize: 200 });
  const [selected, setSelected] = useState<number[]>([]);
  const [date, setDate] = useState(today());
  const [setId, setSetId] = useState<number | null>(null);
  const [failing, setFailing] = useState<RefundRow | null>(null);
  const [reason, setReason] = useState('');
  const [reissuing, setReissuing] = useState<RefundRow | null>(null);
  const [account, setAccount] = useState('');
  const reload = () => { due.reload(); refunds.reload(); };
  const run = async (f: () => Promise<unknown>, ok: string) => {
    try {
      await f();
      message.success(ok);
      reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  };
  async function exportList(no: string) {
    try {
      const file = await api.invoke('collection.refunds.export', { listNo: no });
      const saved = await api.os.saveExport(file, { title: '导出返还转账清单' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    }
  }
  const dueCols: TableColumnsType<RefundDueRow> = [
    { title: '基层工会', dataIndex: 'unitName', ellipsis: true },
    { title: '开户银行', dataIndex: 'bankName', width: 200, render: (v: string | null) => v ?? <Dash /> },
    { title: '银行账号', dataIndex: 'bankAccount', width: 200, render: (v: string | null) => v ?? <Dash /> },
    { title: '笔数', dataIndex: 'records', width: 70, align: 'right' },
    { title: '应返还', dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '问题', dataIndex: 'problem', width: 220, render: (v: string | null) => (v ? <Text type="danger">{v}</Text> : <Dash />) },
  ];
  const cols: TableColumnsType<RefundRow> = [
    { title: '清单号', dataIndex: 'listNo', width: 150, render: (v: string) => <a onClick={() => setListNo(v)}>{v}</a> },
    { title: '基层工会', dataIndex: 'unitName', ellipsis: true },
    { title: '银行账号', dataIndex: 'bankAccount', width: 190 },
    { title: '金额', dataIndex: 'amountFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '状态', dataIndex: 'status', width: 100, render: (v: string) => <StatusTag status={v} testId="collection-refund-status" /> },
    { title: '转账日期', dataIndex: 'paidOn', width: 110, render: (v: string | null) => v ?? <Dash /> },
    { title: '凭证', dataIndex: 'voucherLabel', width: 120, render: (v: string | null) => v ?? <Dash /> },
    { title: '说明', key: 'n', width: 180, render: (_, r) => r.failedReason ?? (r.reissueOf ? `重发（原编号 ${r.reissueOf}）` : '') },
    {
      title: '操作', key: 'a', width: 220, render: (_, r) => (
        <Space>
          {r.status === '待转账' && can.pay && <Button size="small" disabled={!setId} onClick={() => void run(() => api.invoke('collection.refunds.mark', { id: r.id, result: '已转账', date, setId: setId! }), '已登记转账并生成付款凭证')} data-testid="collection-refund-paid">已转账</Button>}
          {r.status === '待转账' && can.pay && <Button size="small" danger onClick={() => { setFailing(r); setReason(''); }} data-testid="collection-refund-failed">转账失败</Button>}
          {r.status === '转账失败' && can.write && <Button size="small" onClick={() => { setReissuing(r); setAccount(r.bankAccount ?? ''); }} data-testid="collection-refund-reissue">重新发起</Button>}
        </Space>
      ),
    },
  ];
  return (
    <div data-testid="collection-refunds-page">
      <PageHeading title="分成与返还" sub="基层工会返还转账清单、转账失败与重发" extra={
        <Flex gap={8} align="center">
          <DatePicker value={dayjs(date)} allowClear={false} onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))} />
          <SetSelect value={setId} onChange={setSetId} testId="collection-refund-set" />
        </Flex>
      } />
      <Card size="small" title="应返还基层工会（已记账、尚未列入清单）" style={{ marginBottom: 16 }}>
        {due.error && <LoadError testId="collection-due-error" title="无法读取" error={due.error} onRetry={due.reload} />}
        <Table<RefundDueRow> size="small" rowKey="unitId" loading={due.loading} columns={dueCols} dataSource={due.data ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }}
          rowSelection={can.write ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]), getCheckboxProps: (r) => ({ disabled: !!r.problem }) } : undefined}
          locale={{ emptyText: '没有待返还的经费' }}
          onRow={() => ({ 'data-testid': 'collection-due-row' }) as HTMLAttributes<HTMLElement>} />
        {can.write && (
          <Button type="primary" style={{ marginTop: 8 }} disabled={!selected.length}
            onClick={() => void run(async () => { const r = await api.invoke('collection.refunds.create', { unitIds: selected, date }); setSelected([]); setListNo(r.listNo); }, '已生成转账清单')}
            data-testid="collection-refund-create">生成转账清单（{selected.length} 个单位）</Button>
        )}
      </Card>
      <Card size="small" title="返还转账" extra={
        <Flex gap={8}>
          <Select allowClear placeholder="状态" style={{ width: 120 }} value={status} onChange={setStatus} options={['待转账', '已转账', '转账失败', '已重发'].map((s) => ({ value: s, label: s }))} />
          {listNo && <Button onClick={() => setListNo(undefined)}>显示全部清单</Button>}
          {listNo && <Button type="primary" onClick={() => void exportList(listNo)} data-testid="collection-refund-export">导出清单 {listNo}（Excel）</Button>}
        </Flex>
      }>
        {!setId && can.pay && <Alert type="info" showIcon title="登记“已转账”前请在右上角选择记账账套。" style={{ marginBottom: 8 }} />}
        <Table<RefundRow> size="small" rowKey="id" loading={refunds.loading} columns={cols} dataSource={refunds.data?.rows ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-testid': 'collection-refund-row', 'data-unit': r.unitName, 'data-status': r.status }) as HTMLAttributes<HTMLElement>} />
      </Card>
      <Modal open={!!failing} title="登记转账失败" onCancel={() => setFailing(null)} okText="登记" okButtonProps={{ disabled: !reason.trim() }}
        onOk={() => void run(() => api.invoke('collection.refunds.mark', { id: failing!.id, result: '转账失败', date, reason }), '已登记转账失败').then(() => setFailing(null))}>
        <Input placeholder="失败原因（如：户名不符、账户已销户）" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="collection-refund-reason" />
      </Modal>
      <Modal open={!!reissuing} title="重新发起返还" onCancel={() => setReissuing(null)} okText="重新发起"
        onOk={() => void run(() => api.invoke('collection.refunds.reissue', { id: reissuing!.id, date, bankAccount: account || null }), '已重新发起，列入新清单').then(() => setReissuing(null))}>
        <Text>如账户有误，请填写更正后的银行账号：</Text>
        <Input value={account} onChange={(e) => setAccount(e.target.value)} data-testid="collection-refund-account" />
      </Modal>
      <HeldCard date={date} setId={setId} />
    </div>
  );
}

function HeldCard({ date, setId }: { date: string; setId: number | null }) {
  const { message } = AntApp.useApp();
  const can = useCan();
  const [unitId, setUnitId] = useState<number | null>(null);
  const payers = useApi('collection.payers.list', { month: date.slice(0, 7), kind: '经费', pageSize: 500 });
  if (!can.write) return null;
  return (
    <Card size="small" title="建会筹备金转经费（单位建会后）" style={{ marginTop: 16 }}>
      <Flex gap={8} align="center">
        <Select showSearch optionFilterProp="label" style={{ width: 320 }} placeholder="已建会的单位" value={unitId ?? undefined} onChange={setUnitId}
          options={(payers.data?.rows ?? []).map((p) => ({ value: p.unitId, label: p.name }))} />
        <Button disabled={!unitId || !setId} onClick={async () => {
          try {
            const r = await api.invoke('collection.records.convertHeld', { setId: setId!, unitId: unitId!, date });
            message.success(`已生成${r.voucherLabel}（${r.records} 笔筹备金转经费）`);
          } catch (e) {
            message.error(ApiCallError.from(e).message);
          }
        }}>转为经费并分成</Button>
      </Flex>
    </Card>
  );
}
