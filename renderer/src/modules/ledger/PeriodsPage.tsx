// 期末处理: each month's status (未启用/未结账/已结账 with voucher counts), 结账 (the core refuses while
// unposted vouchers remain) and 反结账 (administrators, with a reason; logged by the core).
import { useState } from 'react';
import { App as AntApp, Alert, Button, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import type { PeriodMonth, YearEndResult } from '../../../../shared/contract';
import { LEDGER_ROLES } from '../../../../shared/contract/ledger';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDateTime, formatFen } from '../../format';
import { LoadError, PageHeading } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { SetPicker, useLedgerSet } from './common';

const { Text } = Typography;

export default function PeriodsPage() {
  const { sets, set, setSetId } = useLedgerSet();
  const [year, setYear] = useState<number | null>(null);
  const status = useApi('ledger.periods.status', { setId: set?.id ?? 1, year }, { enabled: Boolean(set) });
  const { user } = useSession();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [reopen, setReopen] = useState<PeriodMonth | null>(null);
  const [reason, setReason] = useState('');
  const [yearEndOpen, setYearEndOpen] = useState(false);
  const [yearEndBusy, setYearEndBusy] = useState(false);
  const [yearEndResult, setYearEndResult] = useState<YearEndResult | null>(null);
  const data = status.data;
  const allClosedBut12 = data ? data.months.filter((m) => m.month < 12).every((m) => m.status !== '未结账') : false;
  const canYearEnd = Boolean(data && set && !data.yearClosed && data.year === data.currentYear && hasAnyRole(user, LEDGER_ROLES.closers));

  async function doYearEnd() {
    if (!set || !data) return;
    setYearEndBusy(true);
    setError(null);
    try {
      const r = await api.invoke('ledger.periods.yearEnd', { setId: set.id, year: data.year });
      setYearEndResult(r);
      setYearEndOpen(false);
      message.success(`${data.year} 年度已年末结转，已开启 ${r.nextYear} 年度`);
      status.reload();
    } catch (e) {
      setYearEndOpen(false);
      setError(ApiCallError.from(e).message);
    } finally {
      setYearEndBusy(false);
    }
  }

  async function close(m: number) {
    if (!set || !data) return;
    setBusy(m);
    setError(null);
    try {
      await api.invoke('ledger.periods.close', { setId: set.id, year: data.year, month: m });
      message.success(`${data.year}年${m}月已结账`);
      status.reload();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(null);
    }
  }

  async function doReopen() {
    if (!set || !data || !reopen) return;
    setError(null);
    try {
      await api.invoke('ledger.periods.reopen', { setId: set.id, year: data.year, month: reopen.month, reason });
      message.success(`${data.year}年${reopen.month}月已反结账`);
      setReopen(null);
      setReason('');
      status.reload();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    }
  }

  return (
    <div data-testid="ledger-periods">
      <PageHeading
        title="期末处理"
        sub={set?.name}
        extra={
          <Space>
            <SetPicker sets={sets} set={set} onChange={setSetId} />
            <Text type="secondary">年度</Text>
            <InputNumber min={2000} max={2100} value={year ?? data?.year} onChange={(v) => setYear(v ?? null)} style={{ width: 100 }} data-testid="periods-year" />
            {canYearEnd && (
              <Button
                type="primary"
                danger
                disabled={!allClosedBut12}
                title={allClosedBut12 ? undefined : '年末结转前 1–11 月须全部结账'}
                onClick={() => setYearEndOpen(true)}
                data-testid="year-end"
              >
                年末结转
              </Button>
            )}
          </Space>
        }
      />
      {status.error && <LoadError testId="periods-error" title="期间状态加载失败" error={status.error} onRetry={status.reload} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="period-error" closable={{ onClose: () => setError(null) }} />}
      {data?.yearClosed && <Alert type="success" showIcon title={`${data.year} 年度已年末结转`} style={{ marginBottom: 12 }} data-testid="year-closed" />}
      {yearEndResult && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setYearEndResult(null) }}
          style={{ marginBottom: 12 }}
          data-testid="year-end-result"
          title={`${yearEndResult.year} 年度结转完成：生成并记账 ${yearEndResult.vouchers.length} 张结转凭证（${yearEndResult.vouchers.map((v) => v.label).join('、')}），已开启 ${yearEndResult.nextYear} 年度`}
          description={
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              dataSource={yearEndResult.netAssetBalances}
              columns={[
                { title: '净资产科目', render: (_, b) => `${b.code} ${b.name}` },
                { title: '结转后余额', dataIndex: 'balance', align: 'right', render: (v: number) => formatFen(Math.abs(v)) + (v > 0 ? '（贷）' : v < 0 ? '（借）' : '') }, // credit-positive
              ]}
            />
          }
        />
      )}
      <Table<PeriodMonth>
        size="small"
        bordered
        rowKey="month"
        loading={status.loading}
        pagination={false}
        dataSource={data?.months ?? []}
        onRow={(r) => ({ 'data-testid': `period-row-${r.month}` }) as object}
        columns={[
          { title: '期间', dataIndex: 'month', width: 110, render: (m: number) => `${data?.year}年${m}月` },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: string) => <Tag color={s === '已结账' ? 'green' : s === '未结账' ? 'blue' : 'default'} data-testid="period-status">{s}</Tag>,
          },
          { title: '草稿', dataIndex: 'drafts', width: 70, align: 'right' },
          { title: '已审核', dataIndex: 'reviewed', width: 70, align: 'right' },
          { title: '已记账', dataIndex: 'posted', width: 70, align: 'right' },
          { title: '已作废', dataIndex: 'voided', width: 70, align: 'right' },
          { title: '结账', render: (_, r) => (r.closedAt ? `${r.closedBy ?? ''} ${formatDateTime(r.closedAt)}` : '') },
          { title: '反结账', render: (_, r) => (r.reopenedAt ? `${formatDateTime(r.reopenedAt)} ${r.reopenReason ?? ''}` : '') },
          {
            title: '操作',
            width: 120,
            render: (_, r) => (
              <Space>
                {r.status === '未结账' && hasAnyRole(user, LEDGER_ROLES.closers) && (
                  <Button size="small" type="primary" loading={busy === r.month} onClick={() => close(r.month)} data-testid={`period-close-${r.month}`}>
                    结账
                  </Button>
                )}
                {r.status === '已结账' && hasAnyRole(user, LEDGER_ROLES.reopeners) && (
                  <Button size="small" danger onClick={() => setReopen(r)} data-testid={`period-reopen-${r.month}`}>
                    反结账
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {yearEndOpen && data && (
        <Modal
          open
          title={`${data.year} 年度年末结转`}
          onCancel={() => setYearEndOpen(false)}
          onOk={doYearEnd}
          okText="结转并开启下一年度"
          okButtonProps={{ danger: true, loading: yearEndBusy, ...({ 'data-testid': 'year-end-ok' } as object) }}
        >
          <Text>
            将本年收入、支出按《工会会计制度》结转至工会资金结转、工会资金结余（县级以上另有财政拨款结转/结余）及其明细科目，
            生成并记账结转凭证，再把各年初余额调整、单位内部调剂、本年收支结转转入累计结转/累计结余，开启 {data.year + 1} 年度。
          </Text>
          {!allClosedBut12 && <Alert type="warning" showIcon style={{ marginTop: 8 }} title="1–11 月尚有未结账的月份，核心将拒绝结转。" />}
        </Modal>
      )}
      {reopen && (
        <Modal open title={`反结账 ${data?.year}年${reopen.month}月`} onCancel={() => setReopen(null)} onOk={doReopen} okText="反结账" okButtonProps={{ danger: true }}>
          <Text type="secondary">反结账将记入审计日志。请写明原因。</Text>
          <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="反结账原因（至少 4 个字）" data-testid="reopen-reason" style={{ marginTop: 8 }} />
        </Modal>
      )}
    </div>
  );
}
