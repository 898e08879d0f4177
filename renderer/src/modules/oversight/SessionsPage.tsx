// 经审会会议: sessions (date, place, chair, attendees — only current committee members count toward the
// quorum), agenda items linking budgets under review, audit projects and rectification items, and the
// resolution recorded per item; and the committee's membership (exclusions enforced by the core).
import { useEffect, useState, type HTMLAttributes } from 'react';
import dayjs from 'dayjs';
import {
  Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tabs, Tag, Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { AGENDA_KINDS, ATTENDANCES, DECISIONS, MEMBER_POSITIONS } from '../../../../shared/oversight/constants';
import type { OversightAgendaRow, OversightLookups, OversightMemberRow, OversightSessionDetail, OversightSessionRow } from '../../../../shared/contract/oversight';
import { Dash, PrintModal, ProjectorFrame, ProjectorSwitch, ReadOnlyTag, YearPicker, useLookups, usePresenting, useYear } from './common';
import { useSession } from '../../session';

const { Text, Paragraph } = Typography;

export default function SessionsPage() {
  const [year, setYear] = useYear();
  const lookups = useLookups();
  const L = lookups.data;
  return (
    <ProjectorFrame testId="oversight-sessions-page">
      <PageHeading
        title="经审会会议"
        sub="出席与法定人数、议题与决议、组成人员"
        extra={
          <Flex gap={12} align="center" wrap>
            <ReadOnlyTag lookups={L} />
            <YearPicker value={year} onChange={setYear} testId="oversight-sessions-year" />
            <ProjectorSwitch />
          </Flex>
        }
      />
      {lookups.error && <LoadError testId="oversight-lookups-error" title="无法读取" error={lookups.error} onRetry={lookups.reload} />}
      {L && (
        <Tabs
          items={[
            { key: 's', label: '会议', children: <Sessions year={year} lookups={L} /> },
            { key: 'm', label: '组成人员', children: <Members lookups={L} /> },
          ]}
        />
      )}
    </ProjectorFrame>
  );
}

function Sessions({ year, lookups }: { year: number; lookups: OversightLookups }) {
  const list = useApi('oversight.sessions.list', { year });
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<OversightSessionDetail | 'new' | null>(null);
  const columns: TableColumnsType<OversightSessionRow> = [
    { title: '会议', dataIndex: 'title' },
    { title: '日期', dataIndex: 'heldOn', width: 120 },
    { title: '单位', dataIndex: 'unitName', width: 200, ellipsis: true },
    { title: '地点', dataIndex: 'place', width: 150, render: (t: string | null) => t ?? <Dash /> },
    { title: '议题', key: 'a', width: 120, render: (_, r) => `${r.resolvedCount}/${r.agendaCount} 已决` },
    { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={s === '已召开' ? 'success' : 'default'}>{s}</Tag> },
  ];
  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }} title={`${year}年度会议`}
        extra={lookups.canWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="oversight-session-new">登记会议</Button>}>
        <Table<OversightSessionRow> size="middle" rowKey="id" loading={list.loading} columns={columns} dataSource={list.data ?? []} pagination={false}
          locale={{ emptyText: '本年度尚无会议' }}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' }, 'data-testid': 'oversight-session-row', 'data-title': r.title }) as HTMLAttributes<HTMLElement>} />
      </Card>
      {selected !== null && <SessionDetail id={selected} year={year} lookups={lookups} onEdit={setEditing} onChanged={list.reload} />}
      {editing && (
        <SessionDrawer session={editing === 'new' ? null : editing} lookups={lookups} onClose={() => setEditing(null)}
          onSaved={(s) => { setEditing(null); list.reload(); setSelected(s.id); }} />
      )}
    </>
  );
}

type Att = { key: string; userId: number | null; name: string; attendance: (typeof ATTENDANCES)[number] };

function SessionDrawer({ session, lookups, onClose, onSaved }: { session: OversightSessionDetail | null; lookups: OversightLookups; onClose: () => void; onSaved: (s: OversightSessionDetail) => void }) {
  const orgUnit = lookups.units.find((u) => u.kind === '总工会')?.id ?? lookups.units[0]?.id;
  const [unitId, setUnitId] = useState<number | undefined>(session?.unitId ?? orgUnit);
  const [heldOn, setHeldOn] = useState<dayjs.Dayjs | null>(session ? dayjs(session.heldOn) : dayjs());
  const [place, setPlace] = useState(session?.place ?? '');
  const [chair, setChair] = useState(session?.chair ?? '');
  const [minutes, setMinutes] = useState(session?.minutes ?? '');
  const [att, setAtt] = useState<Att[]>(session?.attendees.map((a, i) => ({ key: `${i}`, ...a })) ?? []);
  const [guest, setGuest] = useState('');
  const [error, setError] = useState<string | null>(null);
  const members = useApi('oversight.members.list', { unitId: unitId ?? null }, { enabled: !!unitId });
  useEffect(() => {
    // A new session starts with the current members present.
    if (!session && members.data && att.length === 0) {
      setAtt(members.data.filter((m) => m.current).map((m) => ({ key: `m${m.userId}`, userId: m.userId, name: m.displayName, attendance: '出席' })));
    }
  }, [members.data, session, att.length]);
  async function save() {
    setError(null);
    try {
      const s = await api.invoke('oversight.sessions.save', {
        id: session?.id ?? null, unitId: unitId!, heldOn: heldOn ? heldOn.format('YYYY-MM-DD') : '', place: place || null, chair: chair || null, minutes: minutes || null,
        attendees: att.map((a) => ({ userId: a.userId, name: a.name, attendance: a.attendance })),
      });
      onSaved(s);
    } catch (e) {
      setError(ApiCallError.from(e).message);
    }
  }
  const memberIds = new Set((members.data ?? []).filter((m) => m.current).map((m) => m.userId));
  return (
    <Drawer open size="large" title={session ? `修改 ${session.title}` : '登记经审会会议'} onClose={onClose} data-testid="oversight-session-drawer"
      extra={<Button type="primary" onClick={() => void save()} data-testid="oversight-session-save">保存</Button>}>
      <Form layout="vertical">
        <Row gutter={12}>
          <Col span={12}><Form.Item label="经审会所属单位" required><Select value={unitId} onChange={setUnitId} disabled={!!session} showSearch optionFilterProp="label" options={lookups.units.map((u) => ({ value: u.id, label: u.name }))} /></Form.Item></Col>
          <Col span={12}><Form.Item label="会议日期" required><DatePicker value={heldOn} onChange={setHeldOn} style={{ width: '100%' }} data-testid="oversight-session-date" /></Form.Item></Col>
          <Col span={12}><Form.Item label="地点"><Input value={place} onChange={(e) => setPlace(e.target.value)} data-testid="oversight-session-place" /></Form.Item></Col>
          <Col span={12}><Form.Item label="主持人"><Input value={chair} onChange={(e) => setChair(e.target.value)} data-testid="oversight-session-chair" /></Form.Item></Col>
        </Row>
        <Form.Item label="出席与列席人员（只有本届现任经审会成员计入法定人数）">
          <Table<Att> size="small" rowKey="key" pagination={false} dataSource={att} data-testid="oversight-session-attendees"
            columns={[
              { title: '姓名', dataIndex: 'name', render: (n: string, a) => <>{n} {a.userId && memberIds.has(a.userId) ? <Tag color="purple">现任成员</Tag> : <Tag>非成员</Tag>}</> },
              { title: '出席情况', dataIndex: 'attendance', width: 140, render: (v: string, a) => <Select size="small" value={v} style={{ width: 110 }} onChange={(x) => setAtt(att.map((y) => (y.key === a.key ? { ...y, attendance: x as Att['attendance'] } : y)))} options={ATTENDANCES.map((x) => ({ value: x, label: x }))} /> },
              { title: '', key: 'x', width: 60, render: (_, a) => <Button size="small" type="link" danger onClick={() => setAtt(att.filter((y) => y.key !== a.key))}>移除</Button> },
            ]} />
          <Flex gap={8} style={{ marginTop: 8 }} wrap>
            <Select<number> placeholder="添加用户…" style={{ width: 220 }} showSearch optionFilterProp="label" value={undefined} data-testid="oversight-session-add-user"
              onChange={(id) => { const u = lookups.users.find((x) => x.id === id); if (u && !att.some((a) => a.userId === id)) setAtt([...att, { key: `u${id}`, userId: id, name: u.displayName, attendance: '出席' }]); }}
              options={lookups.users.map((u) => ({ value: u.id, label: u.displayName }))} />
            <Input placeholder="其他列席人员姓名" style={{ width: 200 }} value={guest} onChange={(e) => setGuest(e.target.value)} />
            <Button onClick={() => { if (guest.trim()) { setAtt([...att, { key: `g${guest}`, userId: null, name: guest.trim(), attendance: '列席' }]); setGuest(''); } }}>添加列席</Button>
          </Flex>
        </Form.Item>
        <Form.Item label="会议纪要"><Input.TextArea rows={4} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="oversight-session-minutes" /></Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="oversight-session-error" />}
    </Drawer>
  );
}

function SessionDetail({ id, year, lookups, onEdit, onChanged }: { id: number; year: number; lookups: OversightLookups; onEdit: (s: OversightSessionDetail) => void; onChanged: () => void }) {
  const r = useApi('oversight.sessions.get', { id });
  const [adding, setAdding] = useState(false);
  const [resolving, setResolving] = useState<OversightAgendaRow | null>(null);
  const [printing, setPrinting] = useState(false);
  if (r.error) return <LoadError testId="oversight-session-error" title="无法读取会议" error={r.error} onRetry={r.reload} />;
  const s = r.data;
  if (!s) return null;
  const reload = () => { r.reload(); onChanged(); };
  return (
    <Card size="small" data-testid="oversight-session-detail" data-title={s.title} title={<span style={{ fontSize: '1.15em' }}>{s.title}</span>}
      extra={<Space><Button onClick={() => setPrinting(true)} data-testid="oversight-session-printview">打印会议纪要</Button>{lookups.canWrite && <><Button onClick={() => onEdit(s)} data-testid="oversight-session-edit">修改会议与出席</Button><Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="oversight-agenda-new">添加议题</Button></>}</Space>}>
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }} items={[
        { key: 'd', label: '日期', children: s.heldOn },
        { key: 'p', label: '地点', children: s.place ?? <Dash /> },
        { key: 'c', label: '主持人', children: s.chair ?? <Dash /> },
        {
          key: 'q', label: '法定人数', span: 3,
          children: (
            <span data-testid="oversight-session-quorum" data-quorate={s.quorate ? '1' : '0'}>
              <Tag color={s.quorate ? 'success' : 'error'}>{s.quorate ? '达到法定人数' : '未达到法定人数'}</Tag>
              现任成员 {s.memberCount} 人，出席并计入 {s.countedCount} 人，须至少 {s.quorumNeeded} 人
            </span>
          ),
        },
        {
          key: 'a', label: '出席人员', span: 3,
          children: s.attendees.length ? s.attendees.map((a) => (
            <Tag key={a.name} color={a.counted ? 'purple' : 'default'} data-testid="oversight-attendee" data-counted={a.counted ? '1' : '0'} title={a.reason ?? undefined}>
              {a.name}（{a.attendance}{a.counted ? '' : '，不计入'}）
            </Tag>
          )) : <Dash />,
        },
      ]} />
      <Table<OversightAgendaRow> size="middle" rowKey="id" pagination={false} dataSource={s.agenda} locale={{ emptyText: '尚无议题' }}
        onRow={(g) => ({ 'data-testid': 'oversight-agenda-row', 'data-seq': g.seq, 'data-decision': g.decision ?? '' }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '议题', dataIndex: 'seq', width: 60 },
          { title: '类型', dataIndex: 'kind', width: 100 },
          { title: '内容', key: 't', render: (_, g) => <>{g.title}{g.refLabel && <div><Text type="secondary">{g.refLabel}</Text></div>}</> },
          { title: '决议', key: 'r', width: 360, render: (_, g) => g.decision ? <><Tag color={g.decision === '不通过' ? 'error' : 'success'}>{g.decision}</Tag>{g.resolution}{g.votesFor !== null && <div><Text type="secondary">同意 {g.votesFor ?? 0}，反对 {g.votesAgainst ?? 0}，弃权 {g.votesAbstain ?? 0}</Text></div>}</> : <Text type="secondary">未决</Text> },
          ...(lookups.canWrite ? [{ title: '', key: 'x', width: 110, render: (_: unknown, g: OversightAgendaRow) => !g.decision && <Button size="small" onClick={() => setResolving(g)} data-testid="oversight-agenda-resolve">记录决议</Button> }] : []),
        ]} />
      {s.minutes && <Paragraph style={{ marginTop: 12 }}><Text type="secondary">纪要：</Text>{s.minutes}</Paragraph>}
      {printing && (
        <PrintModal title="会议纪要（打印预览）" fileName={`${s.title}纪要.pdf`} onClose={() => setPrinting(false)} testId="oversight-minutes-print">
          <h2>{s.unitName}{s.title}纪要</h2>
          <div>时间：{s.heldOn}　地点：{s.place ?? '—'}　主持人：{s.chair ?? '—'}</div>
          <div>出席：{s.attendees.filter((a) => a.attendance === '出席').map((a) => a.name).join('、') || '—'}；列席：{s.attendees.filter((a) => a.attendance === '列席').map((a) => a.name).join('、') || '—'}；请假：{s.attendees.filter((a) => a.attendance === '请假').map((a) => a.name).join('、') || '—'}</div>
          <div>现任成员 {s.memberCount} 人，出席并计入法定人数 {s.countedCount} 人，{s.quorate ? '达到' : '未达到'}法定人数。</div>
          <table style={{ marginTop: 8 }}>
            <thead><tr><th>议题</th><th>内容</th><th>决定</th><th>决议</th><th>表决（同意/反对/弃权）</th></tr></thead>
            <tbody>
              {s.agenda.map((g) => (
                <tr key={g.id}><td>{g.seq}</td><td>{g.title}{g.refLabel ? `（${g.refLabel}）` : ''}</td><td>{g.decision ?? '未决'}</td><td>{g.resolution ?? ''}</td><td>{g.votesFor === null ? '' : `${g.votesFor ?? 0}/${g.votesAgainst ?? 0}/${g.votesAbstain ?? 0}`}</td></tr>
              ))}
            </tbody>
          </table>
          {s.minutes && <div style={{ marginTop: 8 }}>纪要：{s.minutes}</div>}
          <div style={{ marginTop: 32, display: 'flex', justifyContent: 'space-between' }}><span>主持人：</span><span>记录人：</span><span>日期：</span></div>
        </PrintModal>
      )}
      {adding && <AgendaModal session={s} year={year} lookups={lookups} onClose={() => setAdding(false)} onSaved={() => { setAdding(false); reload(); }} />}
      {resolving && <ResolveModal item={resolving} onClose={() => setResolving(null)} onSaved={() => { setResolving(null); reload(); }} />}
    </Card>
  );
}

function AgendaModal({ session, year, lookups, onClose, onSaved }: { session: OversightSessionDetail; year: number; lookups: OversightLookups; onClose: () => void; onSaved: () => void }) {
  const [kind, setKind] = useState<(typeof AGENDA_KINDS)[number]>('审计项目');
  const [refId, setRefId] = useState<number | null>(null);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const projects = useApi('oversight.projects.list', { year }, { enabled: kind === '审计项目' });
  const rects = useApi('oversight.rect.list', { year }, { enabled: kind === '整改事项' });
  const options =
    kind === '预算审查'
      ? lookups.budgetBooks.map((b) => ({ value: b.id, label: `${b.title}（${b.stageName ?? b.status}）` }))
      : kind === '审计项目'
        ? (projects.data ?? []).map((p) => ({ value: p.id, label: `${p.code} ${p.name}（${p.unitName}）` }))
        : kind === '整改事项'
          ? (rects.data ?? []).map((x) => ({ value: x.id, label: `${x.projectCode}-${x.seq} ${x.description.slice(0, 30)}（${x.status}）` }))
          : [];
  return (
    <Modal open title={`为“${session.title}”添加议题`} onCancel={onClose} okText="添加" okButtonProps={{ 'data-testid': 'oversight-agenda-save' } as never}
      onOk={async () => {
        try {
          await api.invoke('oversight.agenda.add', { sessionId: session.id, kind, refId: kind === '其他' ? null : refId, title: title || null });
          onSaved();
        } catch (e) {
          setError(ApiCallError.from(e).message);
        }
      }}>
      <Form layout="vertical">
        <Form.Item label="议题类型"><Select value={kind} onChange={(k) => { setKind(k); setRefId(null); }} options={AGENDA_KINDS.map((k) => ({ value: k, label: k }))} data-testid="oversight-agenda-kind" /></Form.Item>
        {kind !== '其他' && <Form.Item label="关联"><Select<number> value={refId ?? undefined} onChange={setRefId} showSearch optionFilterProp="label" options={options} data-testid="oversight-agenda-ref" /></Form.Item>}
        <Form.Item label="议题（可不填，默认“审议：…”）"><Input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="oversight-agenda-title" /></Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="oversight-agenda-error" />}
    </Modal>
  );
}

function ResolveModal({ item, onClose, onSaved }: { item: OversightAgendaRow; onClose: () => void; onSaved: () => void }) {
  const [decision, setDecision] = useState<(typeof DECISIONS)[number]>('通过');
  const [text, setText] = useState('');
  const [votes, setVotes] = useState<{ f: number | null; a: number | null; b: number | null }>({ f: null, a: null, b: null });
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal open width={640} title={`议题${item.seq} 决议`} onCancel={onClose} okText="记录决议" okButtonProps={{ 'data-testid': 'oversight-resolve-save' } as never}
      onOk={async () => {
        try {
          await api.invoke('oversight.agenda.resolve', { id: item.id, decision, resolution: text, votesFor: votes.f, votesAgainst: votes.a, votesAbstain: votes.b });
          onSaved();
        } catch (e) {
          setError(ApiCallError.from(e).message);
        }
      }}>
      <Paragraph>{item.title}</Paragraph>
      <Form layout="vertical">
        <Form.Item label="决定"><Select value={decision} onChange={setDecision} options={DECISIONS.map((d) => ({ value: d, label: d }))} data-testid="oversight-resolve-decision" /></Form.Item>
        <Form.Item label="决议内容" required><Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="oversight-resolve-text" /></Form.Item>
        <Flex gap={12}>
          <Form.Item label="同意"><InputNumber min={0} value={votes.f} onChange={(v) => setVotes({ ...votes, f: v })} data-testid="oversight-resolve-for" /></Form.Item>
          <Form.Item label="反对"><InputNumber min={0} value={votes.a} onChange={(v) => setVotes({ ...votes, a: v })} /></Form.Item>
          <Form.Item label="弃权"><InputNumber min={0} value={votes.b} onChange={(v) => setVotes({ ...votes, b: v })} /></Form.Item>
        </Flex>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="oversight-resolve-error" />}
    </Modal>
  );
}

function Members({ lookups }: { lookups: OversightLookups }) {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const list = useApi('oversight.members.list', {});
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ unitId: number; userId: number; position: string; term: [dayjs.Dayjs, dayjs.Dayjs | null] }>();
  const [error, setError] = useState<string | null>(null);
  const [presenting] = usePresenting();
  const canManage = !presenting && (user.roles.includes('经审会主任') || user.roles.includes('系统管理员'));
  const columns: TableColumnsType<OversightMemberRow> = [
    { title: '单位', dataIndex: 'unitName', width: 200 },
    { title: '姓名', dataIndex: 'displayName', width: 140 },
    { title: '职务', dataIndex: 'position', width: 90 },
    { title: '任期', key: 't', width: 220, render: (_, m) => `${m.termFrom} 至 ${m.termTo ?? '—'}` },
    { title: '是否现任', key: 'c', render: (_, m) => (m.current ? <Tag color="success">现任</Tag> : <><Tag>不计入</Tag><Text type="secondary">{m.notCountedReason}</Text></>) },
  ];
  return (
    <Card size="small" title="经审会组成人员" extra={canManage && <Button icon={<PlusOutlined />} onClick={() => { form.resetFields(); form.setFieldsValue({ unitId: lookups.units.find((u) => u.kind === '总工会')?.id, position: '委员' }); setError(null); setOpen(true); }} data-testid="oversight-member-add">登记成员</Button>}>
      <Paragraph type="secondary">主席、副主席、常委、财务负责人及经管钱物的人员不得担任同级经审会成员（依据系统“不相容职务”规则，登记时检查）。</Paragraph>
      {list.error && <LoadError testId="oversight-members-error" title="无法读取" error={list.error} onRetry={list.reload} />}
      <Table<OversightMemberRow> size="middle" rowKey="id" columns={columns} dataSource={list.data ?? []} pagination={false} locale={{ emptyText: <Empty description="尚未登记组成人员" /> }}
        onRow={(m) => ({ 'data-testid': 'oversight-member-row', 'data-name': m.displayName, 'data-current': m.current ? '1' : '0' }) as HTMLAttributes<HTMLElement>} />
      <Modal open={open} title="登记经审会成员" onCancel={() => setOpen(false)} okText="登记" okButtonProps={{ 'data-testid': 'oversight-member-save' } as never} destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          setError(null);
          try {
            await api.invoke('oversight.members.add', { unitId: v.unitId, userId: v.userId, position: v.position as never, termFrom: v.term[0].format('YYYY-MM-DD'), termTo: v.term[1] ? v.term[1].format('YYYY-MM-DD') : null });
            message.success('已登记');
            setOpen(false);
            list.reload();
          } catch (e) {
            setError(ApiCallError.from(e).message);
          }
        }}>
        <Form form={form} layout="vertical">
          <Form.Item name="unitId" label="单位" rules={[{ required: true }]}><Select showSearch optionFilterProp="label" options={lookups.units.map((u) => ({ value: u.id, label: u.name }))} /></Form.Item>
          <Form.Item name="userId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
            <Select showSearch optionFilterProp="label" data-testid="oversight-member-user" options={lookups.users.map((u) => ({ value: u.id, label: `${u.displayName}（${u.roles.join('、') || '无角色'}）` }))} />
          </Form.Item>
          <Form.Item name="position" label="职务"><Select options={MEMBER_POSITIONS.map((p) => ({ value: p, label: p }))} /></Form.Item>
          <Form.Item name="term" label="任期" rules={[{ required: true, message: '请选择任期' }]}><DatePicker.RangePicker allowEmpty={[false, true]} style={{ width: '100%' }} data-testid="oversight-member-term" /></Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} data-testid="oversight-member-error" />}
      </Modal>
    </Card>
  );
}
