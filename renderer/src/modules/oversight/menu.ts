// 经审监督 (审计项目、问题、整改台账、经审会会议): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import { AuditOutlined, BarChartOutlined, FileSearchOutlined, TeamOutlined } from '@ant-design/icons';
import type { ModuleDef } from '../../modules';
import { oversightPlanGet, oversightRectList, oversightSessionsList, oversightStats } from '../../../../shared/contract/oversight';

const group = '经审监督';

export const OVERSIGHT_MODULES: readonly ModuleDef[] = [
  { key: 'oversight-projects', path: '/oversight/projects', label: '审计项目', icon: FileSearchOutlined, access: oversightPlanGet.access, page: { load: () => import('./ProjectsPage') }, group },
  { key: 'oversight-rect', path: '/oversight/rectification', label: '整改台账', icon: AuditOutlined, access: oversightRectList.access, page: { load: () => import('./RectificationPage') }, group },
  { key: 'oversight-sessions', path: '/oversight/sessions', label: '经审会会议', icon: TeamOutlined, access: oversightSessionsList.access, page: { load: () => import('./SessionsPage') }, group },
  { key: 'oversight-reports', path: '/oversight/reports', label: '经审统计与报告', icon: BarChartOutlined, access: oversightStats.access, page: { load: () => import('./ReportsPage') }, group },
];
