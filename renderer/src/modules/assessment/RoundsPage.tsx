// 考核评分: the year's rounds; a round's subjects with self total, total, grade and rank per type of unit;
// each unit's score sheet (self score and reviewer score per item, computed items with their figures,
// evidence); compute, close (lock), reopen with a reason; exports; and from a closed round the allocation
// proposal for next year (uplift / cut with rectification deadline / station allowances), accepted or returned.
import { useState, type HTMLAttributes } from 'react';
import {
  Alert, App as AntApp, Button, Card, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Tooltip, Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { ExportOutlined, LockOutlined, PlusOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import type { AssessRoundRow, AssessScoreRow, AssessSubjectRow, AssessSubjectSheet, ProposalDetail, ProposalLineRow } from '../../../../shared/contract/assessment';
import { PROPOSAL_DECIDERS, REVIEWERS, ROUND_MANAGERS, SELF_SCORERS } from '../../../../shared/assessment/constants';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDateTime } from '../../format';
import { LoadError, PageHeading, numStyle } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { Fen } from '../budget/common';
import { Dash, Pts, UnitSelect, YearPicker, saveFile, useAssessYear } from './common';

const { Text } = Typography;
const GRADE_COLORS = ['gold', 'green', 'blue', 'default', 'red'];

export default function RoundsPage() {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const canManage = hasAnyRole(user, ROUND_MANAGERS);
  const [year, setYear] = useAssessYear();
  const [roundId, setRoundId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const rounds = useApi('assessment.rounds.list', { year });

  return (
    <div data-testid="assess-rounds-page">
      <PageHeading
        title="考核评分"
        sub="自评 → 评核 → 系统计算 → 汇总排名 → 关闭锁定 → 资金挂钩"
        extra={
          <Space wrap>
            <YearPicker value={year} onChange={(y) => { setYear(y); setRoundId(null); }} testId="assess-year" />
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="assess-round-new">
                发起考核
              </Button>
            )}
          </Space>
        }
      />
      {rounds.error && <LoadError testId="assess-rounds-error" title="无法读取考核轮次" error={rounds.error} onRetry={rounds.reload} />}
      <Table<AssessRoundRow>
        size="small"
        rowKey="id"
        loading={rounds.loading}
        dataSource={rounds.data ?? []}
        pagination={false}
        data-testid="assess-rounds-table"
        locale={{ emptyText: <Empty description={`${year} 年度还没有考核轮次`} /> }}
        onRow={(r) => ({ onClick: () => setRoundId(r.id), style: { cursor: 'pointer', background: r.id === roundId ? '#e6f4ff' : undefined }, 'data-testid': 'assess-round-row', 'data-name': r.name }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '轮次', dataIndex: 'name' },
          { title: '模板', key: 't', render: (_, r) => `${r.template.name}（第 ${r.template.version} 版）` },
          { title: '参评对象', dataIndex: 'subjectCount', align: 'right', width: 90 },
          { title: '已自评', dataIndex: 'selfSubmitted', align: 'right', width: 80 },
          { title: '已评完', dataIndex: 'fullyReviewed', align: 'right', width: 80 },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === '已关闭' ? 'default' : 'processing'}>{s}</Tag> },
          { title: '重新开启', dataIndex: 'reopenCount', width: 90, align: 'right', render: (n: number) => (n ? `${n} 次` : <Dash />) },
        ]}
      />
      {roundId && <RoundDetail key={roundId} roundId={roundId} onChanged={rounds.reload} />}
      {creating && (
        <CreateRound
          year={year}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            rounds.reload();
            setRoundId(id);
            message.success('已发起考核，系统计算项已按数据填入');
          }}
        />
      )}
    </div>
  );
}

function CreateRound({ year, onClose, onCreated }: { year: number; onClose: () => void; onCreated: (id: number) => void }) {
  const [form] = Form.useForm();
  const templates = useApi('assessment.templates.list', { year });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const persons = ((v.persons ?? []) as Array<{ unitId?: number; personName?: string }>)
        .filter((p) => p.unitId && p.personName)
        .map((p) => ({ unitId: p.unitId!, personName: p.personName!.trim() }));
      const r = await api.invoke('assessment.rounds.create', { templateId: v.templateId, name: v.name, unitIds: v.unitIds ?? [], persons });
      onCreated(r.id);
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Drawer open width={640} title={`发起 ${year} 年度考核`} onClose={onClose} data-testid="assess-round-form"
      extra={<Button type="primary" loading={busy} onClick={() => void submit()} data-testid="assess-round-create">发起</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="assess-round-form-error" />}
      {templates.data && templates.data.length === 0 && (
        <Alert type="warning" showIcon title={`${year} 年度还没有考核模板，请先在“考核模板”中生成。`} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="templateId" label="考核模板" rules={[{ required: true, message: '请选择考核模板' }]}>
          <Select
            options={(templates.data ?? []).map((t) => ({ value: t.id, label: `${t.name}（第 ${t.version} 版，${t.itemCount} 项）` }))}
            onChange={(id) => {
              const t = templates.data?.find((x) => x.id === id);
              if (t && !form.getFieldValue('name')) form.setFieldValue('name', `${year}年度${t.name.replace(/表.*$/, '')}考核`);
            }}
            data-testid="assess-round-template"
          />
        </Form.Item>
        <Form.Item name="name" label="轮次名称" rules={[{ required: true, message: '请填写轮次名称' }]}>
          <Input maxLength={80} data-testid="assess-round-name" />
        </Form.Item>
        <Form.Item name="unitIds" label="参评单位">
          <UnitSelect multiple value={form.getFieldValue('unitIds')} onChange={(v) => form.setFieldValue('unitIds', v)} testId="assess-round-units" style={{ width: '100%' }} />
        </Form.Item>
        <Form.List name="persons">
          {(fields, { add, remove }) => (
            <>
              <Text type="secondary">参评工作者（如工会工作者绩效考核；系统计算项取其所联系单位的数据，单独排名）</Text>
              {fields.map((f) => (
                <Space key={f.key} style={{ display: 'flex', marginTop: 6 }} align="start">
                  <Form.Item name={[f.name, 'unitId']} noStyle>
                    <UnitSelect value={form.getFieldValue(['persons', f.name, 'unitId'])} onChange={(v) => form.setFieldValue(['persons', f.name, 'unitId'], v)} testId="assess-person-unit" style={{ width: 300 }} placeholder="所联系单位" />
                  </Form.Item>
                  <Form.Item name={[f.name, 'personName']} noStyle>
                    <Input placeholder="姓名" style={{ width: 120 }} data-testid="assess-person-name" />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>删除</Button>
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginTop: 6 }} data-testid="assess-person-add">添加工作者</Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

function RoundDetail({ roundId, onChanged }: { roundId: number; onChanged: () => void }) {
  const { message, modal } = AntApp.useApp();
  const { user } = useSession();
  const canManage = hasAnyRole(user, ROUND_MANAGERS);
  const [group, setGroup] = useState<string | null>(null);
  const [paging, setPaging] = useState({ page: 1, pageSize: 50 });
  const [subjectId, setSubjectId] = useState<number | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [reopening, setReopening] = useState(false);
  const d = useApi('assessment.rounds.get', { roundId, rankGroup: group, sort: 'rank', ...paging });
  const proposals = useApi('assessment.proposals.list', { roundId });
  const round = d.data;

  async function run(what: string, fn: () => Promise<unknown>, ok: string) {
    setBusy(what);
    try {
      await fn();
      message.success(ok);
      d.reload();
      proposals.reload();
      onChanged();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(null);
    }
  }

  async function exportRound(subject?: number) {
    setBusy('export');
    try {
      const f = await api.invoke('assessment.rounds.export', { roundId, subjectId: subject ?? null });
      const p = await saveFile(f, subject ? '导出评分表' : '导出汇总排名表');
      if (p) message.success(`已保存：${p}`);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(null);
    }
  }

  if (d.error && !round) return <LoadError testId="assess-round-error" title="无法读取考核轮次" error={d.error} onRetry={d.reload} />;
  if (!round) return null;
  const closed = round.status === '已关闭';
  const gradeColor = (g: string | null) => GRADE_COLORS[Math.max(0, round.bands.findIndex((b) => b.grade === g))] ?? 'default';

  const columns: TableColumnsType<AssessSubjectRow> = [
    { title: '排名', dataIndex: 'rank', width: 64, align: 'right', render: (v: number | null) => <Pts v={v} testId="assess-subject-rank" /> },
    { title: '类别', dataIndex: 'rankGroup', width: 96, render: (g: string) => <Tag>{g}</Tag> },
    { title: '单位', key: 'unit', render: (_, r) => <span>{r.unit.name}{r.personName ? ` · ${r.personName}` : ''} <Text type="secondary" style={{ fontFamily: 'monospace' }}>{r.unit.code}</Text></span> },
    ...round.categories.map((c, i) => ({
      title: <Tooltip title={`${c.name}（${c.maxPoints} 分）`}><span>{c.name.length > 6 ? `${c.name.slice(0, 6)}…` : c.name}</span></Tooltip>,
      key: `c${i}`,
      width: 84,
      align: 'right' as const,
      render: (_: unknown, r: AssessSubjectRow) => <Pts v={r.categoryTotals[i]} />,
    })),
    { title: '自评总分', dataIndex: 'selfTotal', width: 84, align: 'right', render: (v: number | null) => <Pts v={v} /> },
    { title: '总分', dataIndex: 'total', width: 72, align: 'right', render: (v: number | null) => <Pts v={v} strong testId="assess-subject-total" /> },
    {
      title: '等次',
      dataIndex: 'grade',
      width: 110,
      render: (g: string | null, r) => (
        <Space size={2}>
          <Tag color={gradeColor(g)} data-testid="assess-subject-grade">{g ?? '—'}</Tag>
          {r.mandatoryFailed && <Tooltip title={`必备项未达标，最高评为“${round.capGrade}”`}><Tag color="red">封顶</Tag></Tooltip>}
        </Space>
      ),
    },
    { title: '自评', key: 'self', width: 70, render: (_, r) => (r.selfSubmittedAt ? <Tag color="success">已提交</Tag> : <Tag>未提交</Tag>) },
    { title: '评分进度', key: 'rev', width: 90, align: 'right', render: (_, r) => <span style={numStyle}>{r.reviewedItems}/{r.manualItems}</span> },
    {
      title: '操作',
      key: 'ops',
      width: 150,
      render: (_, r) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => setSubjectId(r.id)} data-testid="assess-subject-open">评分表</Button>
          <Button size="small" type="link" onClick={() => void exportRound(r.id)} disabled={!!busy} data-testid="assess-subject-export">导出</Button>
        </Space>
      ),
    },
  ];

  const current = (proposals.data ?? []).find((p) => p.status !== '已退回') ?? null;

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      data-testid="assess-round-detail"
      title={
        <Space>
          <span>{round.name}</span>
          <Tag color={closed ? 'default' : 'processing'} icon={closed ? <LockOutlined /> : undefined} data-testid="assess-round-status">{round.status}</Tag>
          <Text type="secondary" style={{ fontWeight: 'normal' }}>{round.template.name}（第 {round.template.version} 版）</Text>
        </Space>
      }
      extra={
        <Space wrap>
          <Select
            allowClear
            placeholder="全部类别"
            style={{ width: 140 }}
            value={group ?? undefined}
            onChange={(g) => { setGroup(g ?? null); setPaging({ ...paging, page: 1 }); }}
            options={round.rankGroups.map((g) => ({ value: g, label: g }))}
            data-testid="assess-round-group"
          />
          {canManage && !closed && (
            <Button icon={<ReloadOutlined />} loading={busy === 'compute'} onClick={() => void run('compute', () => api.invoke('assessment.rounds.compute', { roundId }), '已按规则重新计算')} data-testid="assess-round-compute">
              重新计算
            </Button>
          )}
          {canManage && !closed && (
            <Button
              type="primary"
              icon={<LockOutlined />}
              loading={busy === 'close'}
              onClick={() =>
                modal.confirm({
                  title: '关闭考核轮次',
                  content: '关闭后得分、等次和排名锁定，只能经说明理由的“重新开启”更改。确定关闭？',
                  okText: '关闭并锁定',
                  onOk: () => run('close', () => api.invoke('assessment.rounds.close', { roundId }), '考核已关闭，结果已锁定'),
                })
              }
              data-testid="assess-round-close"
            >
              关闭考核
            </Button>
          )}
          {canManage && closed && (
            <Button icon={<UnlockOutlined />} onClick={() => setReopening(true)} data-testid="assess-round-reopen">重新开启</Button>
          )}
          <Button icon={<ExportOutlined />} loading={busy === 'export'} onClick={() => void exportRound()} data-testid="assess-round-export">导出汇总排名</Button>
        </Space>
      }
    >
      <Descriptions size="small" column={4} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="等次分档">{round.bands.map((b) => `${b.grade} ≥ ${b.min}`).join('；')}</Descriptions.Item>
        <Descriptions.Item label="必备项封顶">{round.capGrade}</Descriptions.Item>
        <Descriptions.Item label="等次分布"><span data-testid="assess-grade-counts">{Object.entries(round.gradeCounts).map(([g, n]) => `${g} ${n}`).join('，')}</span></Descriptions.Item>
        <Descriptions.Item label="系统计算">{round.computedAt ? formatDateTime(round.computedAt) : '—'}</Descriptions.Item>
      </Descriptions>
      {!closed && round.closeBlockers.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 8 }} title="关闭前尚需完成" description={round.closeBlockers.join('；')} data-testid="assess-round-blockers" />
      )}
      {round.reopenings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={`本轮次曾重新开启 ${round.reopenings.length} 次`}
          description={round.reopenings.map((r) => `${formatDateTime(r.at)} ${r.byName}：${r.reason}`).join('；')}
          data-testid="assess-round-reopenings"
        />
      )}
      <Table<AssessSubjectRow>
        size="small"
        rowKey="id"
        loading={d.loading}
        columns={columns}
        dataSource={round.subjects.rows}
        scroll={{ x: 1100 }}
        data-testid="assess-subjects-table"
        onRow={(r) => ({ 'data-testid': 'assess-subject-row', 'data-unit': r.unit.code }) as HTMLAttributes<HTMLElement>}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: round.subjects.total, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
      />
      {closed && <ProposalPanel roundId={roundId} current={current} history={proposals.data ?? []} onChanged={() => { proposals.reload(); d.reload(); }} />}
      {subjectId && <ScoreSheet subjectId={subjectId} onClose={() => { setSubjectId(null); d.reload(); onChanged(); }} onExport={() => void exportRound(subjectId)} />}
      {reopening && (
        <ReopenModal
          onClose={() => setReopening(false)}
          onSubmit={async (reason) => {
            await api.invoke('assessment.rounds.reopen', { roundId, reason });
            setReopening(false);
            message.success('已重新开启，开启理由已记录');
            d.reload();
            proposals.reload();
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

function ReopenModal({ onClose, onSubmit }: { onClose: () => void; onSubmit: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title="重新开启考核轮次"
      okText="重新开启"
      onCancel={onClose}
      onOk={async () => {
        try {
          await onSubmit(reason);
        } catch (e) {
          setError(ApiCallError.from(e).message);
        }
      }}
      okButtonProps={{ 'data-testid': 'assess-reopen-ok' } as never}
    >
      <Text>重新开启后可修改评分；理由记入考核日志和审计日志。</Text>
      <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请说明理由（至少 4 个字）" style={{ marginTop: 8 }} data-testid="assess-reopen-reason" />
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="assess-reopen-error" />}
    </Modal>
  );
}

function ScoreInput({ value, max, deduction, disabled, onSave, testId }: { value: number | null; max: number; deduction?: boolean; disabled: boolean; onSave: (v: number | null) => Promise<void>; testId: string }) {
  const [v, setV] = useState<number | null>(value);
  const [saving, setSaving] = useState(false);
  async function save() {
    if (v === value) return;
    setSaving(true);
    try {
      await onSave(v);
    } catch {
      setV(value);
    } finally {
      setSaving(false);
    }
  }
  return (
    <InputNumber
      size="small"
      min={deduction ? -max : 0}
      max={deduction ? 0 : max}
      step={0.5}
      precision={1}
      value={v}
      disabled={disabled || saving}
      onChange={(x) => setV(typeof x === 'number' ? x : null)}
      onPressEnter={() => void save()}
      onBlur={() => void save()}
      style={{ width: 76 }}
      data-testid={testId}
    />
  );
}

function ScoreSheet({ subjectId, onClose, onExport }: { subjectId: number; onClose: () => void; onExport: () => void }) {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const loaded = useApi('assessment.subjects.sheet', { subjectId });
  const [sheet, setSheet] = useState<AssessSubjectSheet | null>(null);
  const s = sheet ?? loaded.data;
  const canSelf = !!s?.canSelf && hasAnyRole(user, SELF_SCORERS);
  const canReview = !!s?.canReview && hasAnyRole(user, REVIEWERS);

  async function call<T extends AssessSubjectSheet>(p: Promise<T>) {
    try {
      setSheet(await p);
    } catch (e) {
      message.error(ApiCallError.from(e).message);
      throw e;
    }
  }

  async function attach(itemId: number) {
    const files = await api.os.openFiles({ title: '选择佐证材料', multiple: true });
    if (!files.length) return;
    await call(api.invoke('assessment.scores.evidence', { subjectId, itemId, uploadIds: files.map((f) => f.id), note: null })).catch(() => undefined);
  }

  const columns: TableColumnsType<AssessScoreRow> = [
    { title: '条件', dataIndex: 'categoryName', width: 110, onCell: (r, i) => ({ rowSpan: rowSpanOf(s?.scores ?? [], i ?? 0) }) as never },
    { title: '序号', key: 'code', width: 56, render: (_, r) => r.item.code },
    {
      title: '考核验收内容',
      key: 'content',
      render: (_, r) => (
        <div>
          <strong>{r.item.title}</strong>
          {r.item.mandatory && <Tag color="red" style={{ marginLeft: 6 }}>必备</Tag>}
          {r.item.bonus && <Tag color="purple" style={{ marginLeft: 6 }}>加分</Tag>}
          {r.item.deduction && <Tag color="volcano" style={{ marginLeft: 6 }} data-testid="assess-deduction-tag">扣分项（最多扣 {r.item.maxPoints} 分，填负数）</Tag>}
          {r.item.example && <Tag style={{ marginLeft: 6 }}>示例</Tag>}
          {r.failed && <Tag color="error" style={{ marginLeft: 6 }}>未达标</Tag>}
          <div><Text type="secondary" style={{ fontSize: 12 }}>{r.item.content}</Text></div>
          {r.computedDetail && <div data-testid="assess-computed-detail"><Text type="secondary" style={{ fontSize: 12 }}>{r.computedDetail}</Text></div>}
          {r.evidence.length > 0 && (
            <div style={{ fontSize: 12 }}>
              佐证：
              {r.evidence.map((e, k) => (
                <span key={e.id}>
                  {k > 0 && '、'}
                  <a
                    data-testid="assess-evidence-file"
                    onClick={async () => {
                      try {
                        await saveFile(await api.invoke('assessment.evidence.file', { subjectId, fileId: e.id }), '保存佐证材料');
                      } catch (err) {
                        message.error(ApiCallError.from(err).message);
                      }
                    }}
                  >
                    {e.name}
                  </a>
                </span>
              ))}
            </div>
          )}
        </div>
      ),
    },
    { title: '标准分', key: 'max', width: 64, align: 'right', render: (_, r) => <Pts v={r.item.deduction ? -r.item.maxPoints : r.item.maxPoints} /> },
    {
      title: '自评分',
      key: 'self',
      width: 92,
      render: (_, r) =>
        r.item.method === '系统计算' ? (
          <Text type="secondary">系统计算</Text>
        ) : (
          <>
            <ScoreInput
              key={`s${r.item.id}-${r.selfScore}`}
              value={r.selfScore}
              max={r.item.maxPoints}
              deduction={r.item.deduction}
              disabled={!canSelf}
              testId="assess-self-input"
              onSave={(v) => call(api.invoke('assessment.scores.self', { subjectId, itemId: r.item.id, score: v, note: null }))}
            />
            {r.selfProxyName && (
              <Tooltip title={`由总工会 ${r.selfProxyName} 代单位录入`}>
                <Tag color="orange" data-testid="assess-self-proxy">代录 {r.selfProxyName}</Tag>
              </Tooltip>
            )}
          </>
        ),
    },
    { title: '系统计算', key: 'computed', width: 90, align: 'right', render: (_, r) => (r.item.method === '系统计算' ? <Tooltip title={r.computedValue ?? '无数据'}><span><Pts v={r.computedScore} testId="assess-computed" /></span></Tooltip> : <Dash />) },
    {
      title: '评核分',
      key: 'review',
      width: 92,
      render: (_, r) => (
        <ScoreInput
          key={`r${r.item.id}-${r.reviewScore}`}
          value={r.reviewScore}
          max={r.item.maxPoints}
          deduction={r.item.deduction}
          disabled={!canReview || (r.item.method === '手工评分' && !s?.subject.selfSubmittedAt)}
          testId="assess-review-input"
          onSave={async (v) => {
            let note: string | null = null;
            if (r.item.method === '系统计算' && v !== null) {
              note = window.prompt('调整系统计算得分须填写说明：') ?? null;
              if (!note) throw new Error('cancelled');
            }
            await call(api.invoke('assessment.scores.review', { subjectId, itemId: r.item.id, score: v, note }));
          }}
        />
      ),
    },
    { title: '得分', dataIndex: 'finalScore', width: 64, align: 'right', render: (v: number | null) => <Pts v={v} strong testId="assess-final" /> },
    {
      title: '佐证',
      key: 'ev',
      width: 70,
      render: (_, r) => (canSelf || canReview ? <Button size="small" type="link" onClick={() => void attach(r.item.id)} data-testid="assess-evidence-add">上传</Button> : <span>{r.evidence.length || ''}</span>),
    },
  ];

  return (
    <Drawer
      open
      width={1180}
      onClose={onClose}
      data-testid="assess-sheet"
      title={s ? `${s.subject.unit.name}${s.subject.personName ? ` · ${s.subject.personName}` : ''} — ${s.round.template.name}评分表` : '评分表'}
      extra={
        <Space>
          {canSelf && (
            <Button type="primary" onClick={() => void call(api.invoke('assessment.scores.submitSelf', { subjectId })).then(() => message.success('自评已提交')).catch(() => undefined)} data-testid="assess-submit-self">
              提交自评
            </Button>
          )}
          <Button icon={<ExportOutlined />} onClick={onExport} data-testid="assess-sheet-export">导出评分表</Button>
        </Space>
      }
    >
      {loaded.error && <LoadError testId="assess-sheet-error" title="无法读取评分表" error={loaded.error} onRetry={loaded.reload} />}
      {s && (
        <>
          <Descriptions size="small" column={5} style={{ marginBottom: 8 }}>
            <Descriptions.Item label="自评">{s.subject.selfSubmittedAt ? <Tag color="success" data-testid="assess-self-state">已提交</Tag> : <Tag data-testid="assess-self-state">未提交</Tag>}</Descriptions.Item>
            <Descriptions.Item label="自评总分"><Pts v={s.subject.selfTotal} testId="assess-sheet-self-total" /></Descriptions.Item>
            <Descriptions.Item label="总分"><Pts v={s.subject.total} strong testId="assess-sheet-total" /></Descriptions.Item>
            <Descriptions.Item label="等次"><Tag data-testid="assess-sheet-grade">{s.subject.grade ?? '—'}</Tag>{s.subject.mandatoryFailed && <Tag color="red">必备项未达标</Tag>}</Descriptions.Item>
            <Descriptions.Item label="排名">{s.subject.rank ? `${s.subject.rankGroup}第 ${s.subject.rank} 名` : '—'}</Descriptions.Item>
          </Descriptions>
          {s.round.status === '已关闭' && <Alert type="info" showIcon title="考核已关闭，评分已锁定。" style={{ marginBottom: 8 }} />}
          {s.round.status === '进行中' && !s.subject.selfSubmittedAt && s.selfAs === 'proxy' && (
            <Alert type="warning" showIcon data-testid="assess-proxy-note" title="您不属于该单位，以总工会经办人身份代录自评，评分表将标注“代录”及您的姓名。" style={{ marginBottom: 8 }} />
          )}
          <Table<AssessScoreRow>
            size="small"
            rowKey={(r) => r.item.id}
            columns={columns}
            dataSource={s.scores}
            pagination={false}
            bordered
            onRow={(r) => ({ 'data-testid': 'assess-item-row', 'data-code': r.item.code, 'data-method': r.item.method, 'data-max': r.item.maxPoints }) as HTMLAttributes<HTMLElement>}
          />
        </>
      )}
    </Drawer>
  );
}

function rowSpanOf(rows: readonly AssessScoreRow[], i: number): number {
  if (i > 0 && rows[i - 1]?.categoryName === rows[i]?.categoryName) return 0;
  let n = 1;
  while (rows[i + n] && rows[i + n].categoryName === rows[i].categoryName) n++;
  return n;
}

function ProposalPanel({ roundId, current, history, onChanged }: { roundId: number; current: { id: number } | null; history: Array<{ id: number; status: string }>; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const canManage = hasAnyRole(user, ROUND_MANAGERS);
  const canDecide = hasAnyRole(user, PROPOSAL_DECIDERS);
  const [params, setParams] = useState({ upliftPercent: 10, cutPercent: 10 });
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const p = useApi('assessment.proposals.get', { proposalId: current?.id ?? 0 }, { enabled: !!current });
  const detail: ProposalDetail | undefined = current ? p.data : undefined;

  async function act(fn: () => Promise<unknown>, ok: string) {
    setBusy(true);
    try {
      await fn();
      message.success(ok);
      onChanged();
      p.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  const columns: TableColumnsType<ProposalLineRow> = [
    { title: '单位', key: 'u', render: (_, l) => l.unit.name },
    { title: '得分', dataIndex: 'total', width: 70, align: 'right', render: (v: number | null) => <Pts v={v} /> },
    { title: '等次', dataIndex: 'grade', width: 80 },
    { title: '调整', dataIndex: 'action', width: 70, render: (a: string) => <Tag color={a === '上调' ? 'green' : a === '核减' ? 'red' : 'default'} data-testid="assess-proposal-action">{a}</Tag> },
    { title: '本年预算数（元）', dataIndex: 'baseFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '下年建议数（元）', dataIndex: 'amountFen', width: 140, align: 'right', render: (v: number) => <span data-testid="assess-proposal-amount"><Fen v={v} strong /></span> },
    { title: '岗位补贴（元）', dataIndex: 'allowanceFen', width: 120, align: 'right', render: (v: number) => (v ? <Fen v={v} /> : <Dash />) },
    { title: '整改期限', dataIndex: 'rectifyBy', width: 100, render: (v: string | null) => v ?? <Dash /> },
  ];

  return (
    <Card size="small" type="inner" style={{ marginTop: 12 }} title="资金挂钩：下年度资金分配建议" data-testid="assess-proposal">
      {!current && (
        <Flex gap={12} align="center" wrap>
          <Text type="secondary">{history.length ? `已退回 ${history.length} 份建议。` : ''}按等次：</Text>
          <span>上调 <InputNumber size="small" min={0} max={100} value={params.upliftPercent} onChange={(v) => setParams({ ...params, upliftPercent: Number(v ?? 0) })} style={{ width: 70 }} data-testid="assess-proposal-uplift" /> %</span>
          <span>核减 <InputNumber size="small" min={0} max={100} value={params.cutPercent} onChange={(v) => setParams({ ...params, cutPercent: Number(v ?? 0) })} style={{ width: 70 }} data-testid="assess-proposal-cut" /> %</span>
          {canManage && (
            <Button type="primary" loading={busy} onClick={() => void act(() => api.invoke('assessment.proposals.create', { roundId, ...params }), '已生成资金分配建议，待审核')} data-testid="assess-proposal-create">
              生成资金分配建议
            </Button>
          )}
        </Flex>
      )}
      {detail && (
        <>
          <Descriptions size="small" column={4} style={{ marginBottom: 8 }}>
            <Descriptions.Item label="目标年度">{detail.targetYear}</Descriptions.Item>
            <Descriptions.Item label="状态"><Tag color={detail.status === '已接受' ? 'success' : 'processing'} data-testid="assess-proposal-status">{detail.status}</Tag></Descriptions.Item>
            <Descriptions.Item label="合计（元）"><Fen v={detail.totalFen} strong /></Descriptions.Item>
            <Descriptions.Item label="拟定">{detail.createdByName} {formatDateTime(detail.createdAt)}</Descriptions.Item>
            {detail.decidedByName && <Descriptions.Item label="审核">{detail.decidedByName} {detail.decidedAt ? formatDateTime(detail.decidedAt) : ''} {detail.decisionNote ?? ''}</Descriptions.Item>}
          </Descriptions>
          <Table<ProposalLineRow>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={detail.lines}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="assess-proposal-lines"
            expandable={{ expandedRowRender: (l) => <Text type="secondary">{l.basis}</Text> }}
            onRow={(l) => ({ 'data-testid': 'assess-proposal-line', 'data-unit': l.unit.code }) as HTMLAttributes<HTMLElement>}
          />
          <Flex gap={8} style={{ marginTop: 8 }} wrap>
            {detail.status === '待审核' && canDecide && (
              <>
                <Input placeholder="审核意见（退回时必填）" value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 280 }} data-testid="assess-proposal-note" />
                <Button type="primary" loading={busy} onClick={() => void act(() => api.invoke('assessment.proposals.decide', { proposalId: detail.id, action: '接受', note: note || null }), '已接受：这些数额将作为下年度预算编制的起始数')} data-testid="assess-proposal-accept">接受</Button>
                <Button danger loading={busy} onClick={() => void act(() => api.invoke('assessment.proposals.decide', { proposalId: detail.id, action: '退回', note: note || null }), '已退回')} data-testid="assess-proposal-return">退回</Button>
              </>
            )}
            <Button
              icon={<ExportOutlined />}
              onClick={() =>
                void act(async () => {
                  const f = await api.invoke('assessment.proposals.export', { proposalId: detail.id });
                  await saveFile(f, '导出资金分配建议与岗位补贴名单');
                }, '已导出')
              }
              data-testid="assess-proposal-export"
            >
              导出建议与补贴名单
            </Button>
          </Flex>
        </>
      )}
    </Card>
  );
}
