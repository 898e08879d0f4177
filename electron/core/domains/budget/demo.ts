// The demo county's approved budget for the demo year, so the demo can be walked end to end: 预算汇总 and
// 规则检查 show real figures, and 支出申请 can draw on approved budget lines (without it the expense chain
// says "还没有已批准的预算"). The federation's own budget (本级): income at the federation, expenditure
// spread over its departments, balanced and within the rules (≥ 80 % of 402 to lower unions, ≥ 70 %
// serving workers). The book's seven stages are written as the demo county's history, signed by the demo
// users who hold each stage's role (the demo has one 财务部门 user, so 上级审批 is recorded by the office
// clerk from the higher union's reply, as a paper form would be).
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { BUDGET_STAGES } from '../../../../shared/budget/constants';

interface DemoLine {
  unit: string;
  direction: '收入' | '支出';
  subject: string;
  item: string;
  yuan: number;
  fund?: '工会资金' | '财政拨款';
  sangong?: string;
}

const LINES: readonly DemoLine[] = [
  { unit: '总工会', direction: '收入', subject: '402', item: '拨缴经费收入（县级留成）', yuan: 1_000_000 },
  { unit: '总工会', direction: '收入', subject: '40401', item: '县财政拨款', yuan: 300_000, fund: '财政拨款' },
  { unit: '总工会', direction: '收入', subject: '408', item: '其他收入', yuan: 50_000 },
  { unit: '财务部', direction: '支出', subject: '50801', item: '补助基层工会经费', yuan: 850_000 },
  { unit: '组织部', direction: '支出', subject: '50201', item: '职工教育（基层工会干部、会员）', yuan: 60_000 },
  { unit: '组织部', direction: '支出', subject: '50202', item: '职工文体活动', yuan: 80_000 },
  { unit: '组织部', direction: '支出', subject: '50301', item: '劳动和技能竞赛', yuan: 50_000 },
  { unit: '组织部', direction: '支出', subject: '50501', item: '工会干部业务培训', yuan: 60_000 },
  { unit: '权益保障部', direction: '支出', subject: '50404', item: '困难职工帮扶', yuan: 60_000, fund: '财政拨款' },
  { unit: '权益保障部', direction: '支出', subject: '50405', item: '送温暖', yuan: 50_000, fund: '财政拨款' },
  { unit: '办公室', direction: '支出', subject: '50502', item: '会议（职代会、全委会）', yuan: 30_000 },
  { unit: '办公室', direction: '支出', subject: '50602', item: '公务接待', yuan: 10_000, sangong: '公务接待费' },
  { unit: '办公室', direction: '支出', subject: '50602', item: '办公用品、印刷、邮电', yuan: 40_000 },
];

export async function loadBudgetDemo(trx: Transaction<DB>, now: Date, year: number): Promise<void> {
  // Compiled on 4 January and signed through January of the demo year (the meeting on the 8th, the higher
  // union's reply on the 20th) — never later than the moment the demo is loaded.
  const DAYS = [5, 6, 7, 8, 12, 15, 20];
  const dayAt = (day: number) => {
    const t = new Date(`${year}-01-${String(day).padStart(2, '0')}T09:30:00+08:00`);
    return (t < now ? t : now).toISOString();
  };
  const stepAt = (stage: number) => dayAt(DAYS[stage]);
  const at = dayAt(4);
  const units = await trx.selectFrom('unit').select(['id', 'name', 'kind']).where('kind', 'in', ['总工会', '内设部门']).execute();
  const unitId = (name: string) => {
    const u = name === '总工会' ? units.find((x) => x.kind === '总工会') : units.find((x) => x.name === name);
    if (!u) throw new Error(`演示数据缺少单位“${name}”`);
    return u.id;
  };
  const users = await trx.selectFrom('app_user').select(['id', 'username', 'display_name']).execute();
  const user = (username: string) => {
    const u = users.find((x) => x.username === username);
    if (!u) throw new Error(`演示数据缺少用户“${username}”`);
    return u;
  };

  // One version per unit (source 演示), locked once the book is approved.
  const versions = new Map<number, number>();
  for (const name of [...new Set(LINES.map((l) => l.unit))]) {
    const mine = LINES.filter((l) => l.unit === name);
    const fen = (d: '收入' | '支出') => mine.filter((l) => l.direction === d).reduce((a, l) => a + l.yuan * 100, 0);
    const expense = fen('支出');
    const v = await trx.insertInto('budget_version').values({
      year, unit_id: unitId(name), seq: 1, chart: 'C', source: '演示', file_name: null, file_sha256: null, preparer: name === '总工会' ? '林海峰' : null,
      phone: null, prepared_on: null, unit_head: null, layout_json: null, warnings_json: null, income_fen: fen('收入'), expense_fen: expense,
      basic_fen: expense, project_fen: 0, line_count: mine.length, project_count: 0, created_at: at, created_by: user('caiwu').id, created_by_name: '林海峰',
    }).returning('id').executeTakeFirstOrThrow();
    versions.set(unitId(name), v.id);
    for (const [i, l] of mine.entries()) {
      await trx.insertInto('budget_line').values({
        version_id: v.id, unit_id: unitId(name), direction: l.direction, subject_code: l.subject, expense_type: l.direction === '支出' ? '基本支出' : null,
        funding_source: l.fund ?? '工会资金', project_id: null, item: l.item, quantity: null, unit_price_fen: null, amount_fen: l.yuan * 100,
        sangong: l.sangong ?? null, special_fund: null, note: null, sheet: l.direction === '收入' ? '收入预算' : '支出预算', row_no: 5 + i,
      }).execute();
    }
  }

  // The approved 年初预算 with its seven signed stages.
  const book = await trx.insertInto('budget_book').values({
    year, kind: '年初预算', seq: 0, title: `${year}年度预算`, stage: 0, status: '审批中', reason: null, based_on_book_id: null, snapshot_at: at,
    created_at: at, created_by: user('caiwu').id, approved_at: null, cancelled_at: null, cancel_reason: null,
  }).returning('id').executeTakeFirstOrThrow();
  for (const [uid, vid] of versions) await trx.insertInto('budget_book_member').values({ book_id: book.id, unit_id: uid, version_id: vid }).execute();
  const signers: Array<{ username: string; role: string; opinion: string; extra?: Partial<{ meeting_json: string; committee_resolution_id: string; approval_doc: string; on_behalf: number; signer_name: string; signed_on: string }> }> = [
    { username: 'bumen', role: '部门负责人', opinion: '各部门预算已按工作计划编制' },
    { username: 'fenguan', role: '分管领导', opinion: '同意' },
    { username: 'caiwu', role: '财务部门', opinion: '已汇总各部门预算，规则检查全部通过' },
    {
      username: 'zhuxi', role: '主席', opinion: '同意提交经审会审查',
      extra: { meeting_json: JSON.stringify({ date: `${year}-01-08`, place: '总工会三楼会议室', chair: '杨立新', attendees: '主席、常务副主席、各副主席、各部门负责人', resolution: '同意年度预算草案，提交经费审查委员会审查' }) },
    },
    { username: 'jingshen', role: '经审会主任', opinion: '经审查，预算收支平衡，符合规定', extra: { committee_resolution_id: `演经审〔${year}〕1号` } },
    { username: 'changwei', role: '常委会', opinion: '常委会审议通过' },
    {
      username: 'bangong', role: '办公室', opinion: '市总工会批复同意',
      extra: { approval_doc: `演市工〔${year}〕5号`, on_behalf: 1, signer_name: '市总工会财务部', signed_on: `${year}-01-20` },
    },
  ];
  for (const [stage, s] of signers.entries()) {
    const u = user(s.username);
    await trx.insertInto('budget_step').values({
      book_id: book.id, stage, action: '通过', to_stage: stage + 1, user_id: u.id, username: u.username, display_name: u.display_name, role: s.role,
      on_behalf: 0, signer_name: null, signed_on: null, scan_file_id: null, opinion: `${BUDGET_STAGES[stage]}：${s.opinion}`, attachments_json: null,
      meeting_json: null, committee_resolution_id: null, approval_doc: null, checks_json: null, at: stepAt(stage), ...s.extra,
    }).execute();
  }
  for (const vid of versions.values()) await trx.updateTable('budget_version').set({ locked: 1 }).where('id', '=', vid).execute();
  await trx.updateTable('budget_book').set({ stage: 7, status: '已批准', approved_at: stepAt(6) }).where('id', '=', book.id).execute();
}
