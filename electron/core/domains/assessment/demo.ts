// Demo data of this domain, loaded by `demo` after the demo county's units and users exist: this year's
// scoring templates, a small service ledger (一企一档) for the first 20 grassroots unions — 五个一 events,
// 四送 and satisfaction scores — and an open 职工之家 round over the first 6 of them (computed items filled,
// nothing scored by hand yet). Deterministic and small, so the demo stays fast.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { bulkInsert, type Row } from '../../db/bulk';
import { SERVICE_CATEGORIES } from '../../../../shared/assessment/constants';
import { seedTemplates } from './templates';
import { createRound } from './rounds';

const ACTOR = { userId: null, username: 'demo', role: '系统管理员', roles: ['系统管理员'], displayName: '演示数据' };

export async function loadAssessmentDemo(trx: Transaction<DB>, now: Date): Promise<void> {
  const year = now.getFullYear();
  await seedTemplates(trx, ACTOR, now, year);
  const units = await trx.selectFrom('unit').select(['id', 'name']).where('kind', '=', '基层工会').where('active', '=', 1).where('union_status', '=', '已建会').orderBy('id').limit(20).execute();
  if (!units.length) return;
  const at = now.toISOString();
  const month = Math.max(1, now.getMonth() + 1);
  const rows: Row[] = [];
  units.forEach((u, i) => {
    for (let k = 0; k < 3 + (i % 3); k++) {
      const category = SERVICE_CATEGORIES[(i * 5 + k * 3) % SERVICE_CATEGORIES.length];
      const m = 1 + ((i + k) % month);
      rows.push({
        unit_id: u.id,
        service_date: `${year}-${String(m).padStart(2, '0')}-${String(5 + ((i * 3 + k) % 20)).padStart(2, '0')}`,
        year,
        category,
        title: `${category}（${u.name}）`,
        people: 10 + ((i * 7 + k * 11) % 90),
        amount_fen: ['春送岗位', '夏送清凉', '金秋助学', '冬送温暖', '困难职工帮扶'].includes(category) ? (2 + ((i + k) % 8)) * 50_000 : 0,
        satisfaction: (i + k) % 4 === 3 ? null : 70 + ((i * 13 + k * 7) % 31),
        resolved: category === '工资集体协商' || category === '法律援助' ? ((i + k) % 5 === 0 ? 0 : 1) : null,
        provider: '县总工会',
        created_at: at,
      });
    }
  });
  await bulkInsert(trx, 'assess_service', rows);
  const home = await trx.selectFrom('assess_template').select('id').where('code', '=', 'ZGZJ').where('year', '=', year).executeTakeFirst();
  if (home) await createRound(trx, ACTOR, now, { templateId: home.id, name: `${year}年度职工之家建设评定（演示）`, unitIds: units.slice(0, 6).map((u) => u.id), persons: [] });
}
