// 考核评价 (百分制考核、一企一档、资金挂钩): the module's menu entries, spread into MODULES (renderer/src/modules.ts).
import { AuditOutlined, ProfileOutlined, SolutionOutlined } from '@ant-design/icons';
import type { ModuleDef } from '../../modules';
import { assessRoundsList, assessServicesList, assessTemplatesList } from '../../../../shared/contract/assessment';

export const ASSESSMENT_MODULES: readonly ModuleDef[] = [
  {
    key: 'assess-templates',
    path: '/assessment/templates',
    label: '考核模板',
    icon: ProfileOutlined,
    access: assessTemplatesList.access,
    page: { load: () => import('./TemplatesPage') },
    group: '考核评价',
  },
  {
    key: 'assess-rounds',
    path: '/assessment/rounds',
    label: '考核评分',
    icon: AuditOutlined,
    access: assessRoundsList.access,
    page: { load: () => import('./RoundsPage') },
    group: '考核评价',
  },
  {
    key: 'assess-services',
    path: '/assessment/services',
    label: '服务台账',
    icon: SolutionOutlined,
    access: assessServicesList.access,
    page: { load: () => import('./ServicesPage') },
    group: '考核评价',
  },
];
