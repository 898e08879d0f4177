// Demo data of this domain, loaded by `demo` after the demo county's units and users exist: the
// federation's committee (许秀英 主任, 何志明 委员), the year's approved plan, one audit of a grassroots union
// with two findings (one overdue in 整改台账), and one session that resolved the project's report.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { writeAudit } from '../audit/log';
import { OVERSIGHT_MODULE } from '../../../../shared/oversight/constants';
import { beijingDate } from '../../../../shared/dates';

const day = (d: Date) => beijingDate(d);

export async function loadOversightDemo(trx: Transaction<DB>, now: Date): Promise<void> {
  const fed = await trx.selectFrom('unit').select('id').where('kind', '=', '总工会').orderBy('id').executeTakeFirst();
  const union = await trx.selectFrom('unit').select(['id', 'name']).where('kind', '=', '基层工会').orderBy('code').executeTakeFirst();
  const chair = await trx.selectFrom('app_user').select('id').where('username', '=', 'jingshen').executeTakeFirst();
  const member = await trx.selectFrom('app_user').select('id').where('username', '=', 'jswy').executeTakeFirst();
  if (!fed || !union || !chair || !member) return;
  const iso = now.toISOString();
  const year = now.getFullYear();
  const ago = (days: number) => day(new Date(now.getTime() - days * 86_400_000));

  await trx
    .insertInto('oversight_member')
    .values([
      { unit_id: fed.id, user_id: chair.id, position: '主任', term_from: `${year - 2}-01-01`, term_to: `${year + 2}-12-31`, created_at: iso, created_by: chair.id },
      { unit_id: fed.id, user_id: member.id, position: '委员', term_from: `${year - 2}-01-01`, term_to: `${year + 2}-12-31`, created_at: iso, created_by: chair.id },
    ])
    .execute();
  await trx
    .insertInto('oversight_plan')
    .values({ year, title: `${year}年度经费审查工作计划`, status: '已批准', notes: '对基层工会经费收支、经费收缴情况开展审计', approved_at: iso, approved_by: chair.id, created_at: iso, updated_at: iso })
    .execute();
  const project = await trx
    .insertInto('oversight_project')
    .values({
      year, code: `SJ${year}-001`, name: `${year - 1}年度经费收支审计`, kind: '基层工会经费审计', unit_id: union.id, budget_book_id: null,
      period_from: `${year - 1}-01-01`, period_to: `${year - 1}-12-31`, team: '何志明', leader: '许秀英', start_on: ago(60), end_on: ago(50), status: '已出报告',
      basis: '《中国工会章程》《工会会计制度》《基层工会经费收支管理办法》', scope: `${year - 1}年度经费收支`, method: '查阅账簿、凭证，询问有关人员',
      summary: '该工会经费收支基本规范。', strengths: '建立了经费审批制度。', opinion: '建议严格票据审核，规范慰问品发放。', deadline: ago(20),
      created_at: iso, created_by: chair.id, updated_at: iso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cat = async (name: string) => (await trx.selectFrom('oversight_category').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const findings = [
    { category: await cat('票据不合规'), description: '3笔节日慰问品支出以白条入账', amount: 345_600, status: '整改中', deadline: ago(20) },
    { category: await cat('经费使用不规范'), description: '以购物卡形式发放职工福利', amount: 120_000, status: '已销号', deadline: ago(20) },
  ];
  let seq = 0;
  let firstRect = 0;
  for (const f of findings) {
    const row = await trx
      .insertInto('oversight_finding')
      .values({
        project_id: project.id, seq: ++seq, category_id: f.category, description: f.description, amount_fen: f.amount,
        basis: '《基层工会经费收支管理办法》', severity: seq === 1 ? '较重' : '一般', nature: '管理不规范', requirement: '限期整改并报送整改报告',
        created_at: iso, created_by: chair.id, updated_at: iso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const done = f.status === '已销号';
    const rect = await trx
      .insertInto('oversight_rectification')
      .values({
        finding_id: row.id, measures: done ? '停止发放购物卡，改为实物慰问并实名签收' : '向供应商索取合规发票', leader: '工会主席', person: '工会会计',
        deadline: f.deadline, status: f.status, completed_on: done ? ago(25) : null, result: done ? '已整改到位' : null,
        verified_by: done ? chair.id : null, verified_name: done ? '许秀英' : null, verified_at: done ? iso : null, note: null, updated_at: iso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (!firstRect) firstRect = rect.id;
    await trx
      .insertInto('oversight_rect_history')
      .values({ rectification_id: rect.id, at: iso, user_id: chair.id, username: '许秀英', role: '经审会主任', from_status: null, to_status: f.status, summary: `SJ${year}-001-${seq} 演示数据：${f.status}`, snapshot_json: '{}' })
      .execute();
  }
  const session = await trx
    .insertInto('oversight_session')
    .values({ unit_id: fed.id, year, seq: 1, title: `${year}年第1次经审会会议`, held_on: ago(45), place: '县总工会三楼会议室', chair: '许秀英', status: '已召开', minutes: '会议审议了基层工会经费收支审计报告。', closed_at: null, created_at: iso, created_by: chair.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('oversight_attendee')
    .values([
      { session_id: session.id, user_id: chair.id, name: '许秀英', attendance: '出席' },
      { session_id: session.id, user_id: member.id, name: '何志明', attendance: '出席' },
    ])
    .execute();
  await trx
    .insertInto('oversight_agenda')
    .values([
      { session_id: session.id, seq: 1, kind: '审计项目', ref_id: project.id, title: `审议：SJ${year}-001 审查报告`, decision: '通过', resolution: '同意审查报告，责成被审计单位限期整改', votes_for: 2, votes_against: 0, votes_abstain: 0, resolved_at: iso, resolved_by: chair.id },
      { session_id: session.id, seq: 2, kind: '整改事项', ref_id: firstRect, title: '听取票据问题整改进展', decision: null, resolution: null, votes_for: null, votes_against: null, votes_abstain: null, resolved_at: null, resolved_by: null },
    ])
    .execute();
  await writeAudit(trx, now, { userId: null, username: 'demo', role: '系统管理员' }, {
    module: OVERSIGHT_MODULE,
    action: '载入演示数据',
    targetType: '审计项目',
    targetId: project.id,
    summary: `演示数据：经审会组成人员 2 人、审计项目 SJ${year}-001（${union.name}）、问题 2 个、会议 1 次`,
  });
}
