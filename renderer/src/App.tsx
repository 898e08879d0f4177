// The application frame (title bar, left menu, content) and the pages built into it: 首页 (the data
// overview read from the core) and 系统信息. The menu and the routes come from modules.ts.
import { Suspense, lazy, useMemo, type ComponentType, type HTMLAttributes, type ReactNode } from 'react';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Layout,
  Menu,
  Result,
  Row,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { MenuProps, TableColumnsType } from 'antd';
import { AccountBookOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ApiDescription, TableCount } from '../../shared/contract';
import { api, useApi, type ApiCallError } from './api/client';
import { formatInt } from './format';
import { visibleModules, type BuiltinPage, type MenuUser, type ModuleDef } from './modules';

const { Header, Sider, Content } = Layout;
const { Title, Text } = Typography;

/** The signed-in user, once sign-in exists: shown in the title bar and used to filter the menu. */
export interface FrameUser extends MenuUser {
  name: string;
}

// ---- shared bits --------------------------------------------------------------------------------

function Loading({ testId, text }: { testId: string; text: string }) {
  return (
    <Flex justify="center" align="center" style={{ padding: '64px 0' }} data-testid={testId}>
      <Spin size="large" description={text}>
        <div style={{ width: 240, height: 48 }} />
      </Spin>
    </Flex>
  );
}

function LoadError({ testId, title, error, onRetry }: { testId: string; title: string; error: ApiCallError; onRetry: () => void }) {
  return (
    <Alert
      data-testid={testId}
      type="error"
      showIcon
      title={title}
      description={
        <>
          <div data-testid={`${testId}-message`}>{error.message}</div>
          <Text type="secondary" style={{ fontSize: 12 }}>
            错误代码：{error.code}
          </Text>
        </>
      }
      action={
        <Button size="small" onClick={onRetry} data-testid={`${testId}-retry`}>
          重试
        </Button>
      }
    />
  );
}

function PageHeading({ title, extra }: { title: string; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
      <Title level={4} style={{ margin: 0 }} data-testid="page-title">
        {title}
      </Title>
      {extra}
    </Flex>
  );
}

const numStyle = { fontVariantNumeric: 'tabular-nums' } as const;
const statCardStyle = { height: '100%' } as const;

// ---- 首页 ----------------------------------------------------------------------------------------

export function HomePage() {
  const { data, error, loading, reload } = useApi('system.info', {});

  const columns: TableColumnsType<TableCount> = [
    { title: '数据表', dataIndex: 'label', key: 'label' },
    {
      title: '表名',
      dataIndex: 'table',
      key: 'table',
      render: (t: string) => <Text code>{t}</Text>,
    },
    {
      title: '行数',
      dataIndex: 'rows',
      key: 'rows',
      align: 'right',
      width: 160,
      render: (n: number, r) => (
        <span style={numStyle} data-testid={`home-rows-${r.table}`}>
          {formatInt(n)}
        </span>
      ),
    },
  ];

  const refresh = (
    <Button icon={<ReloadOutlined />} onClick={reload} loading={loading && !!data} data-testid="home-refresh">
      刷新
    </Button>
  );

  if (!data) {
    return (
      <div data-testid="home-page">
        <PageHeading title="首页" />
        {error ? (
          <LoadError testId="home-error" title="无法读取系统信息" error={error} onRetry={reload} />
        ) : (
          <Loading testId="home-loading" text="正在读取系统信息…" />
        )}
      </div>
    );
  }

  const upToDate = data.schemaVersion === data.latestSchemaVersion;
  const totalRows = data.tables.reduce((s, t) => s + t.rows, 0);

  return (
    <div data-testid="home-page" data-loaded="true">
      <PageHeading title="首页" extra={refresh} />
      {error && (
        <div style={{ marginBottom: 16 }}>
          <LoadError testId="home-error" title="刷新失败，以下为上次读取的数据" error={error} onRetry={reload} />
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={6}>
          <Card size="small" style={statCardStyle}>
            <Statistic
              title="数据库架构版本"
              value={String(data.schemaVersion)}
              valueRender={() => (
                <span style={numStyle} data-testid="home-schema-version">
                  {data.schemaVersion}
                </span>
              )}
              suffix={
                <Text type="secondary" style={{ fontSize: 14 }}>
                  / 最新 <span data-testid="home-schema-latest">{data.latestSchemaVersion}</span>
                </Text>
              }
            />
            <Tag color={upToDate ? 'success' : 'warning'} data-testid="home-schema-status">
              {upToDate ? '已是最新版本' : '需要升级'}
            </Tag>
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card size="small" style={statCardStyle}>
            <Statistic
              title="数据记录合计（行）"
              value={formatInt(totalRows)}
              valueRender={() => (
                <span style={numStyle} data-testid="home-rows-total">
                  {formatInt(totalRows)}
                </span>
              )}
            />
            <Text type="secondary">共 {data.tables.length} 张主要数据表</Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card size="small" style={statCardStyle}>
            <Statistic
              title="SQLite 版本"
              value={data.sqliteVersion}
              valueRender={() => <span data-testid="home-sqlite-version">{data.sqliteVersion}</span>}
            />
            <Text type="secondary">嵌入式数据库引擎</Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card size="small" style={statCardStyle}>
            <Statistic
              title="软件版本"
              value={data.appVersion}
              valueRender={() => <span data-testid="home-app-version">{data.appVersion}</span>}
            />
            <Text type="secondary">{api.mode === 'desktop' ? '桌面应用' : '浏览器访问（本机服务）'}</Text>
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title="数据库">
            <Descriptions
              size="small"
              bordered
              column={1}
              styles={{ label: { width: 160 } }}
              items={[
                {
                  key: 'path',
                  label: '数据库文件',
                  children: (
                    <Text copyable={{ text: data.dbPath, tooltips: ['复制路径', '已复制'] }} data-testid="home-db-path">
                      {data.dbPath}
                    </Text>
                  ),
                },
                {
                  key: 'schema',
                  label: '架构版本',
                  children: `第 ${data.schemaVersion} 版（程序支持的最新版本：第 ${data.latestSchemaVersion} 版）`,
                },
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title="主要数据表">
            <div data-testid="home-tables">
            <Table<TableCount>
              size="small"
              rowKey="table"
              columns={columns}
              dataSource={data.tables}
              pagination={false}
              onRow={(r) => ({ 'data-testid': `home-table-row-${r.table}` }) as HTMLAttributes<HTMLElement>}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <Text strong>合计</Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <Text strong style={numStyle}>
                      {formatInt(totalRows)}
                    </Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            </div>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

// ---- 系统信息 ------------------------------------------------------------------------------------

function describeAccess(access: ApiDescription['access']): ReactNode {
  if (access === 'public') return <Tag>公开</Tag>;
  if (access === 'signed-in') return <Tag color="blue">已登录用户</Tag>;
  return access.map((r) => (
    <Tag key={r} color="geekblue">
      {r}
    </Tag>
  ));
}

export function AboutPage() {
  const info = useApi('system.info', {});
  const apis = useApi('system.apiList', {});

  const columns: TableColumnsType<ApiDescription> = [
    { title: '接口名称', dataIndex: 'name', key: 'name', width: 220, render: (n: string) => <Text code>{n}</Text> },
    { title: '说明', dataIndex: 'summary', key: 'summary' },
    { title: '权限', dataIndex: 'access', key: 'access', width: 240, render: describeAccess },
  ];

  return (
    <div data-testid="about-page">
      <PageHeading title="系统信息" />
      <Flex vertical gap={16}>
        <Card size="small" title="软件">
          {info.data ? (
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'name', label: '软件名称', children: <span data-testid="about-app-name">{info.data.appName}</span> },
                { key: 'ver', label: '软件版本', children: <span data-testid="about-app-version">{info.data.appVersion}</span> },
                {
                  key: 'mode',
                  label: '运行方式',
                  children: (
                    <span data-testid="about-mode">{api.mode === 'desktop' ? '桌面应用' : '浏览器访问（本机服务）'}</span>
                  ),
                },
                { key: 'sqlite', label: 'SQLite 版本', children: info.data.sqliteVersion },
                { key: 'db', label: '数据库文件', span: 'filled', children: <Text copyable>{info.data.dbPath}</Text> },
              ]}
            />
          ) : info.error ? (
            <LoadError testId="about-error" title="无法读取系统信息" error={info.error} onRetry={info.reload} />
          ) : (
            <Loading testId="about-loading" text="正在读取系统信息…" />
          )}
        </Card>
        <Card size="small" title="接口清单" extra={apis.data && <Text type="secondary">共 {apis.data.length} 个接口</Text>}>
          {apis.error ? (
            <LoadError testId="about-api-error" title="无法读取接口清单" error={apis.error} onRetry={apis.reload} />
          ) : (
            <div data-testid="about-api-table">
            <Table<ApiDescription>
              size="small"
              rowKey="name"
              loading={apis.loading}
              columns={columns}
              dataSource={apis.data ?? []}
              pagination={false}
            />
            </div>
          )}
        </Card>
      </Flex>
    </div>
  );
}

function NotFoundPage() {
  return (
    <Result
      data-testid="not-found"
      status="warning"
      title="页面不存在"
      subTitle="该功能尚未提供，或地址有误。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}

const BUILTIN: Record<BuiltinPage, ComponentType> = { home: HomePage, about: AboutPage };

const lazyPages = new Map<string, ComponentType>();

/** The page of a module; on-demand pages are wrapped in `lazy` once, so they never remount needlessly. */
function pageComponent(m: ModuleDef): ComponentType {
  if ('builtin' in m.page) return BUILTIN[m.page.builtin];
  let page = lazyPages.get(m.key);
  if (!page) lazyPages.set(m.key, (page = lazy(m.page.load)));
  return page;
}

// ---- the frame ----------------------------------------------------------------------------------

export interface AppFrameProps {
  /** The organisation shown in the title bar (for now the application's name from `system.info`). */
  orgName: ReactNode;
  /** Right side of the title bar: the signed-in user and sign-out, once sign-in exists. */
  userArea?: ReactNode;
  modules: readonly ModuleDef[];
  children: ReactNode;
}

function selectedKey(pathname: string, modules: readonly ModuleDef[]): string | undefined {
  // The longest path that prefixes the location ('/' only for the home page itself).
  const match = modules
    .filter((m) => (m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(`${m.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.key;
}

export function AppFrame({ orgName, userArea, modules, children }: AppFrameProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const selected = selectedKey(location.pathname, modules);

  const groups = new Map<string | undefined, ModuleDef[]>();
  for (const m of modules) groups.set(m.group, [...(groups.get(m.group) ?? []), m]);
  type Item = NonNullable<MenuProps['items']>[number];
  const toItem = (m: ModuleDef): Item => ({
    key: m.key,
    icon: <m.icon />,
    label: <span data-testid={`menu-${m.key}`}>{m.label}</span>,
  });
  const items: Item[] = [...groups.entries()].flatMap(([group, ms]): Item[] =>
    group ? [{ type: 'group', key: `group:${group}`, label: group, children: ms.map(toItem) }] : ms.map(toItem),
  );

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="app-frame">
      <Header
        data-testid="frame-header"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: 20,
          height: 52,
          lineHeight: '52px',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <span
          aria-hidden
          style={{
            display: 'inline-flex',
            alignItems: 'center',
            justifyContent: 'center',
            width: 30,
            height: 30,
            borderRadius: 6,
            background: 'rgba(255,255,255,0.14)',
            color: '#fff',
            fontSize: 17,
          }}
        >
          <AccountBookOutlined />
        </span>
        <span
          data-testid="frame-org-name"
          style={{ color: '#fff', fontSize: 17, fontWeight: 600, letterSpacing: 1, whiteSpace: 'nowrap' }}
        >
          {orgName}
        </span>
        <span style={{ flex: 1 }} />
        <span data-testid="frame-user-slot" style={{ color: 'rgba(255,255,255,0.85)', display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          {userArea}
        </span>
      </Header>
      <Layout>
        <Sider
          width={208}
          theme="light"
          style={{ borderRight: '1px solid #e5e8ef', position: 'sticky', top: 52, height: 'calc(100vh - 52px)', overflow: 'auto' }}
        >
          <nav data-testid="frame-menu" aria-label="功能菜单">
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            items={items}
            style={{ borderInlineEnd: 'none', paddingTop: 8 }}
            onClick={({ key }) => {
              const m = modules.find((x) => x.key === key);
              if (m && m.path !== location.pathname) navigate(m.path);
            }}
          />
          </nav>
        </Sider>
        <Content data-testid="frame-content" style={{ padding: 20, minWidth: 0 }}>
          {children}
        </Content>
      </Layout>
    </Layout>
  );
}

// ---- the application ----------------------------------------------------------------------------

export default function App() {
  // Sign-in does not exist yet; when it does, the session's user goes here (menu filter and title bar).
  const user: FrameUser | null = null;
  const modules = useMemo(() => visibleModules(user), [user]);
  const routes = useMemo(() => modules.map((m) => ({ module: m, Page: pageComponent(m) })), [modules]);
  const info = useApi('system.info', {});
  const orgName = info.data?.appName ?? (info.error ? document.title : '');

  return (
    <AppFrame orgName={orgName} userArea={null} modules={modules}>
      <Suspense fallback={<Loading testId="page-loading" text="正在打开…" />}>
        <Routes>
          {routes.map(({ module, Page }) => (
            <Route key={module.key} path={module.path} element={<Page />} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </AppFrame>
  );
}
