// 收缴报表: the year's workbook (收缴台账, 分成明细, 返还清单, 应缴未缴清单, 申报不实清单, 年度汇总) and the
// collection growth per grassroots union (this year against last), which the assessment module uses.
import { useState, type HTMLAttributes } from 'react';
import { App as AntApp, Button, Card, Table, Typography } from 'antd';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import type { GrowthRowOut } from '../../../../shared/contract/collection';
import { Dash, Fen, YearPicker, useYear } from './common';

const { Text } = Typography;

export default function ReportsPage() {
  const { message } = AntApp.useApp();
  const [year, setYear] = useYear();
  const growth = useApi('collection.growth', { year });
  const [busy, setBusy] = useState(false);
  async function exportAll() {
    setBusy(true);
    try {
      const file = await api.invoke('collection.reports.export', { year });
      const saved = await api.os.saveExport(file, { title: '导出经费收缴报表' });
      if (saved) message.success(`已保存：${saved}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div data-testid="collection-reports-page">
      <PageHeading title="收缴报表" sub="收缴台账、分成明细、返还清单、应缴未缴清单、申报不实清单、年度汇总" extra={
        <>
          <YearPicker value={year} onChange={setYear} testId="collection-reports-year" />
          <Button type="primary" loading={busy} onClick={() => void exportAll()} data-testid="collection-reports-export">导出 Excel</Button>
        </>
      } />
      <Card size="small" title={`基层工会经费收缴增长（${year} 年与 ${year - 1} 年）`}>
        {growth.error && <LoadError testId="collection-growth-error" title="无法读取" error={growth.error} onRetry={growth.reload} />}
        <Table<GrowthRowOut> size="small" rowKey="unitId" loading={growth.loading} dataSource={growth.data ?? []} pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={() => ({ 'data-testid': 'collection-growth-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: '基层工会', dataIndex: 'unitName', ellipsis: true },
            { title: `${year} 年`, dataIndex: 'thisYearFen', align: 'right', render: (v: number) => <Fen v={v} /> },
            { title: `${year - 1} 年`, dataIndex: 'lastYearFen', align: 'right', render: (v: number) => <Fen v={v} /> },
            { title: '增长率', dataIndex: 'rate', align: 'right', render: (v: number | null) => (v === null ? <Dash /> : <Text type={v < 0 ? 'danger' : undefined}>{(v * 100).toFixed(1)}%</Text>) },
          ]} />
      </Card>
    </div>
  );
}
