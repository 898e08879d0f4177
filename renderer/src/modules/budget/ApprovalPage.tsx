// 预算审批: the year's budget book (年初预算 / 预算调整) through the seven stages 部门提出 → 分管领导审核 →
// 财务汇总 → 会议讨论 → 经审会审查 → 常委会通过 → 上级审批: where it stands (Steps), what the signed-in user
// may do now (通过 with opinion and attachments, 退回 to an earlier stage with a reason, or — the clerk —
// recording a signed paper form on behalf of its signer), the history, the rule checks, and for an
// adjustment the line-by-line differences and the yearly limit.
import { useEffect, useState, type HTMLAttributes } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert, App as AntApp, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Row, Select, Space, Steps, Table, Tabs, Tag, Timeline, Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, LockOutlined, PaperClipOutlined, PlusOutlined, RollbackOutlined } from '@ant-design/icons';
import type { BookDiffSubjectRow, BookStepRow, BudgetBookDetail, BudgetBookRow } from '../../../../shared/contract/budget';
import type { UploadedFile } from '../../../../shared/bridge';
import { BUDGET_BOOK_MANAGERS, BUDGET_STAGES, CLERK_ROLES, STAGE_DEFS } from '../../../../shared/budget/constants';
import { api, ApiCallError, useApi } from '../../api/client';
import { formatDateTime, formatInt } from '../../format';
import { LoadError, PageHeading } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { Dash, Fen, LineDiffTable, YearPicker, useDefaultYear } from './common';
import { ChecksView } from './ConsolidatePage';

const { Text, Paragraph } = Typography;
const STATUS_COLOR: Record<string, string> = { 审批中: 'processing', 已批准: 'success', 已撤销: 'default' };

export default function ApprovalPage() {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const isManager = hasAnyRole(user, BUDGET_BOOK_MANAGERS);
  const [year, setYear] = useState(useDefaultYear());
  const books = useApi('budget.books.list', { year });
  const [bookId, setBookId] = useState<number | null>(null);
  const [creating, setCreating] = useState<null | '年初预算' | '预算调整'>(null);
  const list = books.data ?? [];
  const current = bookId && list.some((b) => b.id === bookId) ? bookId : (list.find((b) => b.status === '审批中') ?? list[list.length - 1])?.id ?? null;
  const detail = useApi('budget.books.get', { bookId: current ?? 1 }, { enabled: current !== null });

  const refresh = () => {
    books.reload();
    detail.reload();
  };

  return (
    <div data-testid="budget-approval-page">
      <PageHeading
        title="预算审批"
        sub="年度预算按七个环节审批：部门提出 → 分管领导审核 → 财务汇总 → 会议讨论 → 经审会审查 → 常委会通过 → 上级审批；批准后锁定。"
        extra={
          <Space wrap>
            <YearPicker value={year} onChange={(y) => { setYear(y); setBookId(null); }} testId="budget-year" />
            {list.length > 0 && (
              <Select<number>
                style={{ width: 240 }}
                value={current ?? undefined}
                onChange={setBookId}
                options={list.map((b) => ({ value: b.id, label: `${b.title}（${b.status}）` }))}
                data-testid="budget-book-select"
              />
            )}
            {isManager && !list.some((b) => b.kind === '年初预算' && b.status !== '已撤销') && (
              <Button icon={<PlusOutlined />} onClick={() => setCreating('年初预算')} data-testid="budget-book-create">
                发起年度预算审批
              </Button>
            )}
            {isManager && list.some((b) => b.status === '已批准') && !list.some((b) => b.status === '审批中') && (
              <Button onClick={() => setCreating('预算调整')} data-testid="budget-adjust-create">
                发起预算调整
              </Button>
            )}
          </Space>
        }
      />
      {books.error && <LoadError title="无法读取年度预算" error={books.error} onRetry={books.reload} testId="budget-books-error" />}
      {list.length === 0 && !books.loading && (
        <Card>
          <Empty description={`${year} 年度尚未发起预算审批。各单位预算导入后，由财务部门发起。`} />
        </Card>
      )}
      {detail.error && current && <LoadError title="无法读取预算" error={detail.error} onRetry={detail.reload} testId="budget-book-error" />}
      {detail.data && current && <BookView book={detail.data} onChanged={refresh} />}
      {creating && (
        <CreateBookModal
          year={year}
          kind={creating}
          onClose={() => setCreating(null)}
          onCreated={(b) => {
            setCreating(null);
            setBookId(b.id);
            message.success(`已发起“${b.title}”的审批`);
            refresh();
          }}
        />
      )}
    </div>
  );
}

function CreateBookModal({ year, kind, onClose, onCreated }: { year: number; kind: '年初预算' | '预算调整'; onClose: () => void; onCreated: (b: BudgetBookDetail) => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function go() {
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.invoke('budget.books.create', { year, kind, reason: reason || null }));
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={kind === '年初预算' ? `发起 ${year} 年度预算审批` : `发起 ${year} 年度预算调整`} onCancel={onClose} footer={[<Button key="c" onClick={onClose}>取消</Button>, <Button key="ok" type="primary" loading={busy} onClick={() => void go()} data-testid="budget-create-ok">发起</Button>]}>
      <div data-testid="budget-create-dialog">
        <Paragraph type="secondary">
          {kind === '年初预算'
            ? '将以各单位当前的预算版本形成年度预算，进入“部门提出”环节。财务汇总环节通过后，所含版本即被锁定。'
            : '预算调整以各单位当前版本与已批准预算的差异形成调整方案，同样经过七个环节审批。每年可调整的次数由预算规则规定。'}
        </Paragraph>
        {kind === '预算调整' && (
          <Input.TextArea rows={3} placeholder="调整原因（必填）" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="budget-create-reason" />
        )}
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="budget-create-error" />}
      </div>
    </Modal>
  );
}

function BookView({ book, onChanged }: { book: BudgetBookDetail; onChanged: () => void }) {
  const approved = book.status === '已批准';
  const stepItems = book.stages.map((s) => ({
    title: s.stage,
    status: (approved || s.state === '已完成' ? 'finish' : s.state === '当前' ? (book.status === '已撤销' ? 'error' : 'process') : 'wait') as 'finish' | 'process' | 'wait' | 'error',
    content: (
      <div style={{ fontSize: 12 }}>
        <div>{s.roles.join(' / ')}</div>
        {s.approval && (
          <div>
            {s.approval.displayName}
            {s.approval.onBehalf && '（代录）'}
          </div>
        )}
      </div>
    ),
  }));
  return (
    <>
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        data-testid="budget-book"
        data-stage={book.stage}
        data-status={book.status}
        title={
          <Flex gap={8} align="center">
            <span data-testid="budget-book-title">{book.title}</span>
            <Tag color={STATUS_COLOR[book.status]} data-testid="budget-book-status">{book.status}</Tag>
            {approved && <Tag icon={<LockOutlined />} color="gold" data-testid="budget-book-locked">已锁定</Tag>}
            {book.kind === '预算调整' && <Tag color="purple">第 {book.seq} 次调整</Tag>}
          </Flex>
        }
        extra={
          <Text type="secondary">
            {formatInt(book.memberCount)} 个单位 · 收入 <Fen v={book.incomeFen} /> 元 · 支出 <Fen v={book.expenseFen} /> 元 · 本年已调整 {book.adjustmentsUsed}/{book.adjustmentsAllowed} 次
          </Text>
        }
      >
        <Steps current={approved ? 7 : book.stage} items={stepItems} size="small" data-testid="budget-steps" />
        {approved && (
          <Alert style={{ marginTop: 16 }} type="success" showIcon icon={<LockOutlined />} title={`已于 ${formatDateTime(book.approvedAt)} 批准，预算已锁定，不能再修改。如需变动，请发起预算调整。`} />
        )}
        {book.reason && <Paragraph style={{ marginTop: 12, marginBottom: 0 }}>调整原因：{book.reason}</Paragraph>}
      </Card>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {book.status === '审批中' && (
          <Col span={14}>
            <ActionCard book={book} onChanged={onChanged} />
          </Col>
        )}
        <Col span={book.status === '审批中' ? 10 : 24}>
          <Card size="small" title="审批记录" data-testid="budget-history-timeline">
            {book.steps.length === 0 ? <Empty description="尚无审批记录" /> : <StepTimeline steps={book.steps} bookId={book.id} />}
          </Card>
        </Col>
      </Row>
      <Card size="small" title="检查与明细" style={{ marginBottom: 16 }}>
        <Tabs
          items={[
            { key: 'checks', label: '规则检查', children: <ChecksView results={book.checks.results} passed={book.checks.passed} /> },
            ...(book.kind === '预算调整' ? [{ key: 'diff', label: '调整前后对比', children: <BookDiff bookId={book.id} /> }] : []),
          ]}
        />
      </Card>
    </>
  );
}

function StepTimeline({ steps, bookId }: { steps: BookStepRow[]; bookId: number }) {
  // The 经审会审查 step may cite a resolution of the audit committee's session (经审监督).
  const cites = useApi('oversight.budget.resolutions', { bookId });
  const reloadCites = cites.reload;
  useEffect(() => reloadCites(), [steps.length, reloadCites]);
  const citation = new Map((cites.data?.citations ?? []).map((c) => [c.stepId, c.resolution]));
  return (
    <Timeline
      items={steps.map((s) => ({
        key: s.id,
        color: s.action === '通过' ? 'green' : s.action === '退回' ? 'red' : 'gray',
        content: (
          <div data-testid="budget-step" data-action={s.action} data-stage={s.stage}>
            <Flex gap={6} wrap align="center">
              <strong>{s.stageName}</strong>
              <Tag color={s.action === '通过' ? 'success' : s.action === '退回' ? 'error' : 'default'}>{s.action === '退回' ? `退回至“${s.toStageName}”` : s.action}</Tag>
              {s.onBehalf && <Tag color="orange" data-testid="budget-step-onbehalf">纸质签批代录</Tag>}
            </Flex>
            <div>
              <Text type="secondary">{formatDateTime(s.at)} · {s.displayName}（{s.role}）</Text>
            </div>
            {s.onBehalf && (
              <div>签署人：{s.signerName}，签署日期：{s.signedOn}{s.scanFile && <>，扫描件：<PaperClipOutlined /> {s.scanFile.name}</>}</div>
            )}
            {s.opinion && <div>意见：{s.opinion}</div>}
            {s.meeting && <div>会议：{s.meeting.date} {s.meeting.place ?? ''} 主持：{s.meeting.chair ?? '—'}{s.meeting.resolution ? `；决议：${s.meeting.resolution}` : ''}</div>}
            {s.committeeResolutionId && <div>经审会审查意见文号：{s.committeeResolutionId}</div>}
            {citation.get(s.id) && (
              <div data-testid="budget-step-citation">
                引用经审会决议：{citation.get(s.id)!.label}（{citation.get(s.id)!.heldOn}，{citation.get(s.id)!.decision}）{citation.get(s.id)!.resolution ? `——${citation.get(s.id)!.resolution}` : ''}
              </div>
            )}
            {s.approvalDoc && <div>上级批复文号：{s.approvalDoc}</div>}
            {s.attachments.length > 0 && <div>附件：{s.attachments.map((a) => a.name).join('、')}</div>}
          </div>
        ),
      }))}
    />
  );
}

function ActionCard({ book, onChanged }: { book: BudgetBookDetail; onChanged: () => void }) {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const isClerk = hasAnyRole(user, CLERK_ROLES);
  const def = STAGE_DEFS[book.stage];
  const [opinion, setOpinion] = useState('');
  const [attachments, setAttachments] = useState<UploadedFile[]>([]);
  const [onBehalf, setOnBehalf] = useState(false);
  const [signer, setSigner] = useState('');
  const [signedOn, setSignedOn] = useState<Dayjs | null>(dayjs());
  const [scan, setScan] = useState<UploadedFile | null>(null);
  const [meeting, setMeeting] = useState({ date: dayjs() as Dayjs | null, place: '', chair: '', attendees: '', resolution: '' });
  const [committee, setCommittee] = useState('');
  const [resolutionId, setResolutionId] = useState<number | null>(null);
  const resolutions = useApi('oversight.budget.resolutions', { bookId: book.id }, { enabled: STAGE_DEFS[book.stage]?.records === 'committee' });
  const [approvalDoc, setApprovalDoc] = useState('');
  const [returnTo, setReturnTo] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setOpinion('');
    setAttachments([]);
    setOnBehalf(false);
    setScan(null);
    setSigner('');
    setError(null);
    setReturnTo(null);
    setResolutionId(null);
  }, [book.id, book.stage]);

  async function choose(multiple: boolean): Promise<UploadedFile[]> {
    try {
      return await api.os.openFiles({ title: '选择文件', multiple, filters: [{ name: '文档和图片', extensions: ['pdf', 'jpg', 'jpeg', 'png', 'doc', 'docx', 'xlsx'] }] });
    } catch (e) {
      message.error(ApiCallError.from(e).message);
      return [];
    }
  }

  async function act(action: '通过' | '退回') {
    setBusy(true);
    setError(null);
    try {
      await api.invoke('budget.books.act', {
        bookId: book.id,
        stage: book.stage,
        action,
        returnTo: action === '退回' ? returnTo : null,
        opinion: opinion || null,
        attachmentUploadIds: attachments.map((a) => a.id),
        onBehalf: recording ? { signerName: signer, signedOn: signedOn ? signedOn.format('YYYY-MM-DD') : '', scanUploadId: scan?.id ?? '' } : null,
        meeting:
          action === '通过' && def.records === 'meeting'
            ? { date: meeting.date ? meeting.date.format('YYYY-MM-DD') : '', place: meeting.place || null, chair: meeting.chair || null, attendees: meeting.attendees || null, resolution: meeting.resolution || null }
            : null,
        committeeResolutionId: action === '通过' && def.records === 'committee' ? committee || null : null,
        oversightResolutionId: action === '通过' && def.records === 'committee' ? resolutionId : null,
        approvalDoc: action === '通过' && def.records === 'higher' ? approvalDoc || null : null,
      });
      message.success(action === '通过' ? `“${def.stage}”已通过` : '已退回');
      onChanged();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  const may = book.canApprove || book.canReturn || isClerk;
  // A clerk who does not hold the stage's role can only record a signed paper form.
  const mustOnBehalf = isClerk && !hasAnyRole(user, def.roles);
  const recording = onBehalf || mustOnBehalf;
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={`当前环节：${def.stage}（${def.roles.join(' / ')}）`} data-testid="budget-action">
      <Paragraph type="secondary">{def.action}</Paragraph>
      {!book.canApprove && !book.canReturn && book.cannotReason && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={book.cannotReason} data-testid="budget-cannot" />
      )}
      {!book.checks.passed && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`有 ${book.checks.blockingFailures} 项阻断性规则未通过，预算不能进入下一环节；可以退回。`} />
      )}
      {may && (
        <Form layout="vertical" size="small">
          {isClerk && (
            <Form.Item>
              <Checkbox checked={recording} disabled={mustOnBehalf} onChange={(e) => setOnBehalf(e.target.checked)} data-testid="budget-onbehalf">
                依据纸质签批表代为登记（须填写签署人、签署日期并附扫描件）
              </Checkbox>
            </Form.Item>
          )}
          {recording && (
            <Row gutter={8}>
              <Col span={8}>
                <Form.Item label="签署人" required>
                  <Input value={signer} onChange={(e) => setSigner(e.target.value)} data-testid="budget-signer" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="签署日期" required>
                  <DatePicker value={signedOn} onChange={setSignedOn} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="签批表扫描件" required>
                  <Button icon={<PaperClipOutlined />} onClick={async () => setScan((await choose(false))[0] ?? scan)} data-testid="budget-scan">
                    {scan ? scan.name : '选择文件…'}
                  </Button>
                </Form.Item>
              </Col>
            </Row>
          )}
          {def.records === 'meeting' && (
            <Row gutter={8}>
              <Col span={6}><Form.Item label="会议日期" required><DatePicker value={meeting.date} onChange={(d) => setMeeting({ ...meeting, date: d })} style={{ width: '100%' }} /></Form.Item></Col>
              <Col span={6}><Form.Item label="地点"><Input value={meeting.place} onChange={(e) => setMeeting({ ...meeting, place: e.target.value })} data-testid="budget-meeting-place" /></Form.Item></Col>
              <Col span={6}><Form.Item label="主持人"><Input value={meeting.chair} onChange={(e) => setMeeting({ ...meeting, chair: e.target.value })} data-testid="budget-meeting-chair" /></Form.Item></Col>
              <Col span={6}><Form.Item label="参会人员"><Input value={meeting.attendees} onChange={(e) => setMeeting({ ...meeting, attendees: e.target.value })} /></Form.Item></Col>
              <Col span={24}><Form.Item label="会议决定"><Input value={meeting.resolution} onChange={(e) => setMeeting({ ...meeting, resolution: e.target.value })} data-testid="budget-meeting-resolution" /></Form.Item></Col>
            </Row>
          )}
          {def.records === 'committee' && (
            <Form.Item label="引用经审会会议决议（经审监督）">
              <Select<number>
                allowClear
                placeholder={resolutions.data?.citable.length ? '选择审查本预算的会议决议' : '尚无可引用的决议（须经审会会议对本预算作出“通过”或“原则通过”的决议）'}
                value={resolutionId ?? undefined}
                onChange={(v) => setResolutionId(v ?? null)}
                options={(resolutions.data?.citable ?? []).map((r) => ({ value: r.agendaId, label: `${r.label}（${r.heldOn}，${r.decision}）` }))}
                data-testid="budget-resolution"
              />
            </Form.Item>
          )}
          {def.records === 'committee' && (
            <Form.Item label="经审会审查意见（文号或决议编号）">
              <Input value={committee} onChange={(e) => setCommittee(e.target.value)} data-testid="budget-committee" />
            </Form.Item>
          )}
          {def.records === 'higher' && (
            <Form.Item label="上级工会批复文号" required>
              <Input value={approvalDoc} onChange={(e) => setApprovalDoc(e.target.value)} placeholder="如 市总工财〔2026〕12号" data-testid="budget-approval-doc" />
            </Form.Item>
          )}
          <Form.Item label="审批意见（退回时必填，说明原因）">
            <Input.TextArea rows={3} value={opinion} onChange={(e) => setOpinion(e.target.value)} data-testid="budget-opinion" />
          </Form.Item>
          <Form.Item label="附件（如会议纪要）">
            <Space wrap>
              <Button icon={<PaperClipOutlined />} onClick={async () => setAttachments([...attachments, ...(await choose(true))])} data-testid="budget-attach">
                添加附件…
              </Button>
              {attachments.map((a) => (
                <Tag key={a.id} closable onClose={() => setAttachments(attachments.filter((x) => x.id !== a.id))}>
                  {a.name}
                </Tag>
              ))}
            </Space>
          </Form.Item>
          {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="budget-act-error" />}
          <Flex gap={8} wrap>
            <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void act('通过')} data-testid="budget-approve">
              {recording ? `代为登记：${def.stage}通过` : `通过（${def.stage}）`}
            </Button>
            {book.stage > 0 && (
              <>
                <Select<number>
                  placeholder="退回至…"
                  style={{ width: 160 }}
                  value={returnTo ?? undefined}
                  onChange={setReturnTo}
                  options={BUDGET_STAGES.slice(0, book.stage).map((s, i) => ({ value: i, label: s }))}
                  data-testid="budget-return-to"
                />
                <Button danger icon={<RollbackOutlined />} disabled={returnTo === null} loading={busy} onClick={() => void act('退回')} data-testid="budget-return">
                  {recording ? '代为登记：退回' : '退回'}
                </Button>
              </>
            )}
          </Flex>
        </Form>
      )}
    </Card>
  );
}

function BookDiff({ bookId }: { bookId: number }) {
  const [paging, setPaging] = useState({ page: 1, pageSize: 200 });
  const r = useApi('budget.books.diff', { bookId, ...paging });
  const columns: TableColumnsType<BookDiffSubjectRow> = [
    { title: '科目', key: 's', width: 260, render: (_, x) => <span style={{ paddingLeft: (x.level - 1) * 12 }}>{x.code} {x.name}</span> },
    { title: '方向', dataIndex: 'direction', width: 60 },
    { title: '年初核定预算数', dataIndex: 'beforeFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '调整数', dataIndex: 'deltaFen', width: 120, align: 'right', render: (v: number) => <Fen v={v} strong /> },
    { title: '调整后预算数', dataIndex: 'afterFen', width: 140, align: 'right', render: (v: number) => <Fen v={v} /> },
    { title: '变动幅度', dataIndex: 'ratio', width: 90, align: 'right', render: (v: number | null) => (v === null ? <Dash /> : `${(v * 100).toFixed(2)}%`) },
  ];
  if (r.error) return <LoadError title="无法比较" error={r.error} onRetry={r.reload} testId="budget-bookdiff-error" />;
  return (
    <div data-testid="budget-book-diff">
      {r.data && (
        <Descriptions size="small" column={2} style={{ marginBottom: 8 }} items={[
          { key: 'a', label: '对比基准', children: r.data.against?.title ?? '—' },
          { key: 'u', label: '变动单位', children: `${r.data.unitsChanged} 个` },
        ]} />
      )}
      <Table<BookDiffSubjectRow>
        size="small"
        rowKey={(x) => `${x.direction}-${x.code}`}
        columns={columns}
        dataSource={(r.data?.bySubject ?? []).filter((x) => x.deltaFen !== 0)}
        pagination={false}
        loading={r.loading}
        style={{ marginBottom: 12 }}
        onRow={() => ({ 'data-testid': 'budget-bookdiff-subject' }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: '没有调整' }}
      />
      <LineDiffTable rows={r.data?.lines.rows ?? []} testId="budget-bookdiff" showUnit />
      {r.data && r.data.lines.total > r.data.lines.rows.length && (
        <Button size="small" onClick={() => setPaging({ page: paging.page + 1, pageSize: paging.pageSize })}>下一页</Button>
      )}
    </div>
  );
}
