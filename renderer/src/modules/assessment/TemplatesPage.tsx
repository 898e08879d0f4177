// 考核模板: the year's scoring templates (categories, items, standard points, 必备 and bonus items, how each
// item is scored: by hand, or computed by a named rule with thresholds). Generating a year carries last
// year's templates over (or loads the defaults, marked 示例 where the real items are not known). A
// template used by a round is frozen: an administrator copies it to a new version to change it.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Drawer, Empty, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CopyOutlined, EditOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import type { AssessItemRow, AssessTemplateDetail, AssessTemplateRow } from '../../../../shared/contract/assessment';
import { RULE_KEYS, RULE_LABELS, SCORING_METHODS, SERVICE_CATEGORIES, TEMPLATE_EDITORS, type Tier } from '../../../../shared/assessment/constants';
import { api, ApiCallError, useApi } from '../../api/client';
import { LoadError, PageHeading } from '../../components/page';
import { hasAnyRole, useSession } from '../../session';
import { Dash, Pts, YearPicker, useAssessYear } from './common';

const { Text } = Typography;

function tiersText(tiers: readonly Tier[] | undefined, unit: string): string {
  return (tiers ?? [])
    .map((t) => `${t.min === null ? '' : `≥${t.min}${unit}`}${t.min !== null && t.max !== null ? ' 且 ' : ''}${t.max === null ? '' : `<${t.max}${unit}`} → ${t.points} 分`)
    .join('；');
}

export default function TemplatesPage() {
  const { message } = AntApp.useApp();
  const { user } = useSession();
  const canEdit = hasAnyRole(user, TEMPLATE_EDITORS);
  const [year, setYear] = useAssessYear();
  const [selected, setSelected] = useState<number | null>(null);
  const list = useApi('assessment.templates.list', { year });
  const [busy, setBusy] = useState(false);

  async function seed() {
    setBusy(true);
    try {
      const r = await api.invoke('assessment.templates.seed', { year });
      message.success(`${year} 年度共有 ${r.length} 个考核模板`);
      list.reload();
    } catch (e) {
      message.error(ApiCallError.from(e).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="assess-templates-page">
      <PageHeading
        title="考核模板"
        sub="百分制考核表：类别、条目、标准分、必备项、加分项、计分方式"
        extra={
          <Space>
            <YearPicker value={year} onChange={(y) => { setYear(y); setSelected(null); }} testId="assess-templates-year" />
            {canEdit && <Button icon={<ThunderboltOutlined />} loading={busy} onClick={() => void seed()} data-testid="assess-templates-seed">生成本年度模板</Button>}
          </Space>
        }
      />
      {list.error && <LoadError testId="assess-templates-error" title="无法读取考核模板" error={list.error} onRetry={list.reload} />}
      <Table<AssessTemplateRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        pagination={false}
        dataSource={list.data ?? []}
        data-testid="assess-templates-table"
        locale={{ emptyText: <Empty description={`${year} 年度还没有考核模板${canEdit ? '，点击“生成本年度模板”沿用上年或载入默认模板' : ''}`} /> }}
        onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === selected ? '#e6f4ff' : undefined }, 'data-testid': 'assess-template-row', 'data-code': r.code }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '模板', dataIndex: 'name', render: (n: string, r) => <span>{n} {r.example && <Tag>含示例条目</Tag>}</span> },
          { title: '版本', dataIndex: 'version', width: 70, render: (v: number) => `第 ${v} 版` },
          { title: '类别', dataIndex: 'categoryCount', width: 60, align: 'right' },
          { title: '条目', dataIndex: 'itemCount', width: 60, align: 'right' },
          { title: '总分', dataIndex: 'totalPoints', width: 60, align: 'right' },
          { title: '等次', key: 'bands', render: (_, r) => r.bands.map((b) => `${b.grade}≥${b.min}`).join(' / ') },
          { title: '已用于', dataIndex: 'roundCount', width: 90, render: (n: number) => (n ? <Tag color="blue">{n} 个轮次</Tag> : <Dash />) },
        ]}
      />
      {selected && <TemplateDetail key={selected} templateId={selected} year={year} canEdit={canEdit} onChanged={list.reload} onCopied={(id) => { list.reload(); setSelected(id); }} />}
    </div>
  );
}

function TemplateDetail({ templateId, year, canEdit, onChanged, onCopied }: { templateId: number; year: number; canEdit: boolean; onChanged: () => void; onCopied: (id: number) => void }) {
  const { message } = AntApp.useApp();
  const d = useApi('assessment.templates.get', { templateId });
  const [editing, setEditing] = useState<{ item: AssessItemRow | null; categoryId: number } | null>(null);
  const [editingHead, setEditingHead] = useState(false);
  const t = d.data;
  if (d.error) return <LoadError testId="assess-template-error" title="无法读取模板" error={d.error} onRetry={d.reload} />;
  if (!t) return null;
  const frozen = t.roundCount > 0;

  const columns: TableColumnsType<AssessItemRow> = [
    { title: '序号', dataIndex: 'code', width: 60 },
    {
      title: '条目 / 考核验收内容',
      key: 'c',
      render: (_, i) => (
        <div>
          <strong>{i.title}</strong>
          {i.mandatory && <Tag color="red" style={{ marginLeft: 6 }}>必备</Tag>}
          {i.bonus && <Tag color="purple" style={{ marginLeft: 6 }}>加分</Tag>}
          {i.deduction && <Tag color="volcano" style={{ marginLeft: 6 }} data-testid="assess-deduction-tag">扣分项</Tag>}
          {i.example && <Tag style={{ marginLeft: 6 }}>示例</Tag>}
          <div><Text type="secondary" style={{ fontSize: 12 }}>{i.content}</Text></div>
        </div>
      ),
    },
    { title: '标准分', dataIndex: 'maxPoints', width: 70, align: 'right', render: (v: number, i) => <Pts v={i.deduction ? -v : v} /> },
    {
      title: '计分方式',
      key: 'm',
      width: 320,
      render: (_, i) =>
        i.method === '手工评分' ? (
          <Text>手工评分{i.evidence ? `（佐证：${i.evidence}）` : ''}</Text>
        ) : (
          <div data-testid="assess-item-rule">
            <Tag color="geekblue">{i.ruleKey ? RULE_LABELS[i.ruleKey].name : '系统计算'}</Tag>
            {i.ruleParams?.category && <Tag>{i.ruleParams.category}</Tag>}
            <div><Text type="secondary" style={{ fontSize: 12 }}>{tiersText(i.ruleParams?.tiers, i.ruleKey ? RULE_LABELS[i.ruleKey].unit : '')}</Text></div>
          </div>
        ),
    },
    ...(canEdit && !frozen
      ? [{ title: '', key: 'ops', width: 60, render: (_: unknown, i: AssessItemRow) => <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing({ item: i, categoryId: i.categoryId })} data-testid="assess-item-edit" /> }]
      : []),
  ];

  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      data-testid="assess-template-detail"
      title={`${t.name}（${t.year} 年度第 ${t.version} 版）`}
      extra={
        canEdit && (
          <Space>
          {!frozen && <Button icon={<EditOutlined />} onClick={() => setEditingHead(true)} data-testid="assess-template-edit">修改等次与挂钩</Button>}
          <Button
            icon={<CopyOutlined />}
            onClick={async () => {
              try {
                const c = await api.invoke('assessment.templates.copy', { templateId, year });
                message.success(`已复制为第 ${c.version} 版`);
                onCopied(c.id);
              } catch (e) {
                message.error(ApiCallError.from(e).message);
              }
            }}
            data-testid="assess-template-copy"
          >
            复制为新版本
          </Button>
          </Space>
        )
      }
    >
      {t.note && <Alert type={t.example ? 'warning' : 'info'} showIcon title={t.note} style={{ marginBottom: 8 }} data-testid="assess-template-note" />}
      {frozen && <Alert type="info" showIcon title={`已用于 ${t.roundCount} 个考核轮次，模板已冻结；如需修改请复制为新版本。`} style={{ marginBottom: 8 }} />}
      <Descriptions size="small" column={4} style={{ marginBottom: 8 }}>
        <Descriptions.Item label="总分">{t.totalPoints}</Descriptions.Item>
        <Descriptions.Item label="加分上限">{t.bonusCap}</Descriptions.Item>
        <Descriptions.Item label="等次">{t.bands.map((b) => `${b.grade} ≥ ${b.min}`).join('；')}</Descriptions.Item>
        <Descriptions.Item label="必备项未达标">最高“{t.capGrade}”</Descriptions.Item>
        <Descriptions.Item label="上调等次">{t.upliftGrades.join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label="核减等次">{t.cutGrades.join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label="岗位补贴等次">{t.allowanceGrades.join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label="来源">{t.source ?? '—'}</Descriptions.Item>
      </Descriptions>
      {t.categories.map((c) => (
        <div key={c.id} style={{ marginBottom: 12 }} data-testid="assess-category">
          <Space style={{ marginBottom: 4 }}>
            <strong>{c.seq}. {c.name}</strong>
            <Text type="secondary">（{c.maxPoints} 分，{c.items.length} 项）</Text>
            {canEdit && !frozen && <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setEditing({ item: null, categoryId: c.id })} data-testid="assess-item-add">新增条目</Button>}
          </Space>
          <Table<AssessItemRow> size="small" rowKey="id" columns={columns} dataSource={c.items} pagination={false}
            onRow={(i) => ({ 'data-testid': 'assess-item', 'data-code': i.code }) as HTMLAttributes<HTMLElement>} />
        </div>
      ))}
      {editingHead && <HeadForm template={t} onClose={() => setEditingHead(false)} onSaved={() => { setEditingHead(false); d.reload(); onChanged(); }} />}
      {editing && (
        <ItemForm
          template={t}
          item={editing.item}
          categoryId={editing.categoryId}
          onClose={() => setEditing(null)}
          onSaved={() => { setEditing(null); d.reload(); onChanged(); }}
        />
      )}
    </Card>
  );
}

function parseTiers(text: string): Tier[] {
  return text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [min, max, points] = l.split(/[,，\s]+/).map((x) => x.trim());
      const n = (x: string | undefined) => (x === undefined || x === '' || x === '-' || x === '—' ? null : Number(x));
      return { min: n(min), max: n(max), points: Number(points) };
    });
}

function ItemForm({ template, item, categoryId, onClose, onSaved }: { template: AssessTemplateDetail; item: AssessItemRow | null; categoryId: number; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const method = Form.useWatch('method', form) ?? item?.method ?? '手工评分';
  const ruleKey = Form.useWatch('ruleKey', form);
  async function save() {
    const v = await form.validateFields();
    setError(null);
    try {
      await api.invoke('assessment.templates.saveItem', {
        templateId: template.id,
        itemId: item?.id ?? null,
        categoryId: v.categoryId,
        code: v.code,
        title: v.title,
        content: v.content ?? '',
        maxPoints: v.maxPoints,
        mandatory: !!v.mandatory,
        passMin: v.passMin ?? null,
        bonus: !!v.bonus,
        deduction: !!v.deduction,
        method: v.method,
        ruleKey: v.method === '系统计算' ? v.ruleKey : null,
        ruleParams: v.method === '系统计算' ? { tiers: parseTiers(v.tiers ?? ''), category: v.category ?? null } : null,
        evidence: v.evidence ?? null,
      });
      onSaved();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    }
  }
  return (
    <Drawer open width={560} title={item ? `修改条目 ${item.code}` : '新增条目'} onClose={onClose} data-testid="assess-item-form"
      extra={<Button type="primary" onClick={() => void save()} data-testid="assess-item-save">保存</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="assess-item-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          categoryId, code: item?.code, title: item?.title, content: item?.content, maxPoints: item?.maxPoints, mandatory: item?.mandatory, passMin: item?.passMin,
          bonus: item?.bonus, deduction: item?.deduction, method: item?.method ?? '手工评分', ruleKey: item?.ruleKey, category: item?.ruleParams?.category,
          tiers: (item?.ruleParams?.tiers ?? []).map((t) => `${t.min ?? '-'}, ${t.max ?? '-'}, ${t.points}`).join('\n'), evidence: item?.evidence,
        }}
      >
        <Form.Item name="categoryId" label="类别"><Select options={template.categories.map((c) => ({ value: c.id, label: c.name }))} /></Form.Item>
        <Space>
          <Form.Item name="code" label="序号" rules={[{ required: true, message: '请填写序号' }]}><Input style={{ width: 90 }} data-testid="assess-item-code" /></Form.Item>
          <Form.Item name="maxPoints" label="标准分" rules={[{ required: true, message: '请填写标准分' }]}><InputNumber min={0.5} max={100} step={0.5} data-testid="assess-item-max" /></Form.Item>
          <Form.Item name="mandatory" valuePropName="checked" label=" "><Checkbox>必备项</Checkbox></Form.Item>
          <Form.Item name="bonus" valuePropName="checked" label=" "><Checkbox>加分项</Checkbox></Form.Item>
          <Form.Item name="deduction" valuePropName="checked" label=" " tooltip="扣分项：按发生的问题扣分（填 0 或负数），标准分即最多扣的分数，从总分中减去">
            <Checkbox data-testid="assess-item-deduction">扣分项</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="title" label="条目名称" rules={[{ required: true, message: '请填写条目名称' }]}><Input data-testid="assess-item-title" /></Form.Item>
        <Form.Item name="content" label="考核验收内容"><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="passMin" label="必备项及格分（不填：得 0 分为未达标）"><InputNumber min={0} max={100} /></Form.Item>
        <Form.Item name="method" label="计分方式"><Select options={SCORING_METHODS.map((m) => ({ value: m, label: m }))} data-testid="assess-item-method" /></Form.Item>
        {method === '系统计算' ? (
          <>
            <Form.Item name="ruleKey" label="计算规则" rules={[{ required: true, message: '请选择计算规则' }]}>
              <Select options={RULE_KEYS.map((k) => ({ value: k, label: `${RULE_LABELS[k].name}（${RULE_LABELS[k].source}）` }))} />
            </Form.Item>
            {(ruleKey === 'service_held' || ruleKey === 'service_count') && (
              <Form.Item name="category" label="服务类别"><Select allowClear options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: c }))} /></Form.Item>
            )}
            <Form.Item name="tiers" label="档次：每行“下限, 上限, 得分”，下限含、上限不含，“-”表示不限" rules={[{ required: true, message: '请设置档次' }]}>
              <Input.TextArea rows={4} placeholder={'20, -, 20\n10, 20, 15\n5, 10, 10\n-, 5, 5'} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="evidence" label="佐证材料要求"><Input /></Form.Item>
        )}
      </Form>
    </Drawer>
  );
}

function HeadForm({ template, onClose, onSaved }: { template: AssessTemplateDetail; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const bandsText = Form.useWatch('bands', form) as string | undefined;
  const grades = (bandsText ?? '').split(/\n+/).map((l) => l.trim().split(/[\s,，]+/)[0]).filter(Boolean);
  async function save() {
    const v = await form.validateFields();
    setError(null);
    try {
      const bands = String(v.bands)
        .split(/\n+/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [grade, min] = l.split(/[\s,，]+/);
          return { grade, min: Number(min) };
        });
      await api.invoke('assessment.templates.update', {
        templateId: template.id, name: v.name, totalPoints: v.totalPoints, bonusCap: v.bonusCap ?? 0, bands, capGrade: v.capGrade,
        upliftGrades: v.upliftGrades ?? [], cutGrades: v.cutGrades ?? [], allowanceGrades: v.allowanceGrades ?? [],
      });
      onSaved();
    } catch (e) {
      setError(ApiCallError.from(e).message);
    }
  }
  const gradeOptions = grades.map((g) => ({ value: g, label: g }));
  return (
    <Drawer open width={520} title="修改等次与挂钩" onClose={onClose} data-testid="assess-head-form"
      extra={<Button type="primary" onClick={() => void save()} data-testid="assess-head-save">保存</Button>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="assess-head-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: template.name, totalPoints: template.totalPoints, bonusCap: template.bonusCap, bands: template.bands.map((b) => `${b.grade} ${b.min}`).join('\n'),
          capGrade: template.capGrade, upliftGrades: template.upliftGrades, cutGrades: template.cutGrades, allowanceGrades: template.allowanceGrades,
        }}
      >
        <Form.Item name="name" label="模板名称" rules={[{ required: true, message: '请填写模板名称' }]}><Input /></Form.Item>
        <Space>
          <Form.Item name="totalPoints" label="总分"><InputNumber min={1} max={1000} /></Form.Item>
          <Form.Item name="bonusCap" label="加分上限"><InputNumber min={0} max={100} /></Form.Item>
        </Space>
        <Form.Item name="bands" label="等次分档：每行“等次 分数线”，从高到低，最低一档为 0" rules={[{ required: true, message: '请设置等次' }]}>
          <Input.TextArea rows={4} data-testid="assess-head-bands" />
        </Form.Item>
        <Form.Item name="capGrade" label="必备项未达标时最高等次"><Select options={gradeOptions} /></Form.Item>
        <Form.Item name="upliftGrades" label="下年资金上调的等次"><Select mode="multiple" options={gradeOptions} /></Form.Item>
        <Form.Item name="cutGrades" label="下年资金核减（限期整改）的等次"><Select mode="multiple" options={gradeOptions} /></Form.Item>
        <Form.Item name="allowanceGrades" label="发放工作站岗位补贴的等次"><Select mode="multiple" options={gradeOptions} /></Form.Item>
      </Form>
    </Drawer>
  );
}
