// 经费收缴 (税务代征、分成、返还、对账): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import { BankOutlined, FileExcelOutlined, ImportOutlined, SwapOutlined, FileSearchOutlined } from '@ant-design/icons';
import type { ModuleDef } from '../../modules';
import { collectionFlagsList, collectionImportRun, collectionPayersList, collectionRefundsList, collectionReportsExport } from '../../../../shared/contract/collection';
import { collectionBasesImport } from '../../../../shared/contract/collection-bases';

const group = '经费收缴';

export const COLLECTION_MODULES: readonly ModuleDef[] = [
  { key: 'collection-payers', path: '/collection/payers', label: '缴费单位与应缴', icon: BankOutlined, access: collectionPayersList.access, page: { load: () => import('./PayersPage') }, group },
  { key: 'collection-import', path: '/collection/import', label: '税务代征导入', icon: ImportOutlined, access: collectionImportRun.access, page: { load: () => import('./ImportPage') }, group },
  { key: 'collection-bases', path: '/collection/bases', label: '缴费基数导入', icon: ImportOutlined, access: collectionBasesImport.access, page: { load: () => import('./BasesImportPage') }, group },
  { key: 'collection-refunds', path: '/collection/refunds', label: '分成与返还', icon: SwapOutlined, access: collectionRefundsList.access, page: { load: () => import('./RefundsPage') }, group },
  { key: 'collection-reconcile', path: '/collection/reconcile', label: '对账工作清单', icon: FileSearchOutlined, access: collectionFlagsList.access, page: { load: () => import('./ReconcilePage') }, group },
  { key: 'collection-reports', path: '/collection/reports', label: '收缴报表', icon: FileExcelOutlined, access: collectionReportsExport.access, page: { load: () => import('./ReportsPage') }, group },
];
