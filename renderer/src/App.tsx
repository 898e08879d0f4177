// The application: start-up (first-run wizard, sign-in), the frame (title bar with the federation and the
// signed-in user, left menu, content) and the pages built into it: 首页 (the data overview read from the
// core) and 系统信息. The menu and the routes come from modules.ts, filtered by the user's roles.
import {
  Suspense,
  lazy,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import {
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Flex,
  Layout,
  Menu,
  Result,
  Row,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { MenuProps, TableColumnsType } from 'antd';
import {
  AccountBookOutlined,
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  ReloadOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { ApiDescription, SessionUser, SetupStatus, TableCount } from '../../shared/contract';
import { api, ApiCallError, useApi } from './api/client';
import { formatInt } from './format';
import { MODULES, visibleModules, type BuiltinPage, type MenuUser, type ModuleDef } from './modules';
import { ExpenseTodoCard } from './modules/expense/TodoCard';
import { LoadError, Loading, PageHeading, RoleTags, numStyle } from './components/page';
import { SessionContext, type SessionValue } from './session';
import { SetupWizard } from './pages/SetupWizard';
import { SignInPage, type SignInNotice } from './pages/SignInPage';
import { ChangePasswordDialog } from './pages/ChangePasswordDialog';
import { OverdueRectCard } from './modules/oversight/HomeCard';

const { Header, Sider, Content } = Layout;
const { Title, Text } = Typography;

/** The signed-in user: shown in the title bar and used to filter the menu. */
export interface FrameUser extends MenuUser {
  name: string;
}

const statCardStyle = { height: '100%' } as const;

// ---- 首页 ----------------------------------------------------------------------------------------

function greeting(hour: number): string {
  if (hour < 5) return '您好';
  if (hour < 11) return '上午好';
  if (hour < 13) return '中午好';
  if (hour < 18) return '下午好';
  return '晚上好';
}

/** The welcome line: who is signed in, with which roles, for which federation and year. */
function Welcome() {
  const session = useContext(SessionContext);
  if (!session) return null;
  const { user, org } = session;
  const now = new Date();
  const weekday = '日一二三四五六'[now.getDay()];
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="home-welcome">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex vertical gap={6}>
          <Text style={{ fontSize: 16 }}>
            {greeting(now.getHours())}，<Text strong data-testid="home-welcome-name">{user.displayName}</Text>
          </Text>
          <Flex align="center" gap={8} wrap>
            <Text type="secondary">当前角色：</Text>
            <RoleTags roles={user.roles} testId="home-welcome-roles" />
          </Flex>
        </Flex>
        <Flex vertical align="end" gap={4}>
          <Text type="secondary">
            {org.orgName}
            {org.fiscalYear ? ` · ${org.fiscalYear} 年度` : ''}
          </Text>
          <Text type="secondary" style={numStyle}>
            {now.getFullYear()} 年 {now.getMonth() + 1} 月 {now.getDate()} 日 星期{weekday}
          </Text>
        </Flex>
      </Flex>
    </Card>
  );
}

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
        <Welcome />
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
      <Welcome />
      <ExpenseTodoCard />
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
        <Col xs={24} sm={12} xl={6}>
          <OverdueRectCard style={statCardStyle} />
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
  /** The federation (本级工会) shown in the title bar. */
  orgName: ReactNode;
  /** Right side of the title bar: the signed-in user, with 修改密码 and 退出登录. */
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
    label: m.badge ? <><span data-testid={`menu-${m.key}`}>{m.label}</span> <m.badge /></> : <span data-testid={`menu-${m.key}`}>{m.label}</span>,
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
          zIndex: 100,
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

// ---- the signed-in user in the title bar ---------------------------------------------------------

function UserArea({ user, onChangePassword, onSignOut }: { user: SessionUser; onChangePassword: () => void; onSignOut: () => void }) {
  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: <span data-testid="user-menu-password">修改密码</span> },
    { type: 'divider' },
    { key: 'signout', icon: <LogoutOutlined />, label: <span data-testid="user-menu-signout">退出登录</span> },
  ];
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items,
        onClick: ({ key }) => (key === 'password' ? onChangePassword() : onSignOut()),
      }}
    >
      <button
        type="button"
        data-testid="user-menu"
        style={{
          display: 'inline-flex',
          alignItems: 'center',
          gap: 8,
          height: 36,
          padding: '0 10px',
          border: 'none',
          borderRadius: 4,
          background: 'rgba(255,255,255,0.08)',
          color: '#fff',
          cursor: 'pointer',
          font: 'inherit',
        }}
      >
        <UserOutlined />
        <span data-testid="user-display-name" style={{ fontWeight: 500 }}>
          {user.displayName}
        </span>
        <span data-testid="user-roles" style={{ display: 'inline-flex', gap: 4 }}>
          {user.roles.map((r) => (
            <Tag key={r} bordered={false} color="blue" style={{ marginInlineEnd: 0 }}>
              {r}
            </Tag>
          ))}
        </span>
        <DownOutlined style={{ fontSize: 10, opacity: 0.8 }} />
      </button>
    </Dropdown>
  );
}

// ---- the application ----------------------------------------------------------------------------

type Phase =
  | { kind: 'starting' }
  | { kind: 'failed'; error: ApiCallError }
  | { kind: 'setup' }
  | { kind: 'signIn'; notice?: SignInNotice; username?: string }
  | { kind: 'app'; user: SessionUser };

export const SESSION_EXPIRED_NOTICE = '登录已超时，请重新登录';

/** The application once somebody is signed in: the frame, the menu for the user's roles, the pages. */
function SignedIn({
  user,
  org,
  onUser,
  onSignedOut,
}: {
  user: SessionUser;
  org: SetupStatus;
  onUser: (u: SessionUser) => void;
  onSignedOut: (notice?: SignInNotice) => void;
}) {
  const { message } = AntApp.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [changing, setChanging] = useState(false);
  const modules = useMemo(() => visibleModules(user), [user]);
  const routes = useMemo(() => modules.map((m) => ({ module: m, Page: pageComponent(m) })), [modules]);

  // A page left open by somebody with other roles: back to 首页 rather than a page this user may not use.
  useEffect(() => {
    if (!selectedKey(location.pathname, modules) && selectedKey(location.pathname, MODULES)) navigate('/', { replace: true });
  }, [location.pathname, modules, navigate]);

  // Every page opens at its top (the window's scroll position is not carried over from the last page).
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const refreshUser = useCallback(async () => {
    const me = await api.invoke('auth.me', {});
    if (me) onUser(me);
    else onSignedOut({ type: 'warning', text: SESSION_EXPIRED_NOTICE });
  }, [onUser, onSignedOut]);

  const signOut = useCallback(async () => {
    try {
      await api.invoke('auth.signOut', {});
    } catch (e) {
      // Already signed out (timed out): sign-in is shown anyway.
      if (!(e instanceof ApiCallError && e.code === 'UNAUTHENTICATED')) {
        message.error(ApiCallError.from(e).message);
        return;
      }
    }
    // Whoever signs in next starts on 首页, not on the page this user left open (which would show for a
    // moment before the switch to 首页 — a click in that moment went to the wrong page).
    navigate('/', { replace: true });
    onSignedOut({ type: 'success', text: '您已退出登录。' });
  }, [message, onSignedOut, navigate]);

  const session = useMemo<SessionValue>(
    () => ({
      user,
      org,
      refreshUser,
      signOut,
      changePassword: () => setChanging(true),
      sessionEnded: (text) => onSignedOut({ type: 'warning', text }),
    }),
    [user, org, refreshUser, signOut, onSignedOut],
  );

  const forced = user.mustChangePassword;

  return (
    <SessionContext.Provider value={session}>
      <AppFrame
        orgName={org.orgName ?? ''}
        userArea={<UserArea user={user} onChangePassword={() => setChanging(true)} onSignOut={() => void signOut()} />}
        modules={modules}
      >
        {forced ? (
          <Result
            status="info"
            title="请先修改密码"
            subTitle="这是您首次登录，或您的密码已被系统管理员重置。修改密码后才能使用本系统。"
            data-testid="must-change-password"
          />
        ) : (
          <Suspense fallback={<Loading testId="page-loading" text="正在打开…" />}>
            <Routes>
              {routes.map(({ module, Page }) => (
                <Route key={module.key} path={module.path} element={<Page />} />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        )}
      </AppFrame>
      <ChangePasswordDialog
        open={forced || changing}
        forced={forced}
        onCancel={() => setChanging(false)}
        onSignOut={() => void signOut()}
        onChanged={async () => {
          setChanging(false);
          message.success('密码已修改。');
          await refreshUser();
        }}
      />
    </SessionContext.Provider>
  );
}

export default function App() {
  const navigate = useNavigate();
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  // Who was signed in last on this window: somebody else signing in starts on 首页.
  const lastUserId = useRef<number | null>(null);
  const [org, setOrg] = useState<SetupStatus | null>(null);
  const [attempt, setAttempt] = useState(0);
  const phaseRef = useRef(phase);
  phaseRef.current = phase;

  // Start-up: is the system set up, and is somebody signed in on this window already?
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        // One call first: in browser mode its answer carries this window's session cookie.
        const status = await api.invoke('setup.status', {});
        if (cancelled) return;
        setOrg(status);
        if (!status.initialised) return setPhase({ kind: 'setup' });
        const me = await api.invoke('auth.me', {});
        if (cancelled) return;
        if (me) lastUserId.current = me.id;
        setPhase(me ? { kind: 'app', user: me } : { kind: 'signIn' });
      } catch (e) {
        if (!cancelled) setPhase({ kind: 'failed', error: ApiCallError.from(e) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  // Any call refused with UNAUTHENTICATED while signed in: the session is over.
  useEffect(
    () =>
      api.onSessionEnded(() => {
        if (phaseRef.current.kind === 'app') {
          setPhase({ kind: 'signIn', notice: { type: 'warning', text: SESSION_EXPIRED_NOTICE } });
        }
      }),
    [],
  );

  // The title shows the federation once known.
  useEffect(() => {
    document.title = org?.orgName ? `${org.orgName} — 县级工会财务工作台` : '县级工会财务工作台';
  }, [org?.orgName]);

  const onUser = useCallback((user: SessionUser) => setPhase({ kind: 'app', user }), []);
  const onSignedOut = useCallback((notice?: SignInNotice) => {
    // The federation may have changed (a restore): read it again for the sign-in page.
    api.invoke('setup.status', {}).then(setOrg, () => undefined);
    setPhase({ kind: 'signIn', notice });
  }, []);

  switch (phase.kind) {
    case 'starting':
      return (
        <div data-testid="app-starting" style={{ minHeight: '100vh' }}>
          <Loading testId="app-loading" text="正在启动…" />
        </div>
      );
    case 'failed':
      return (
        <Flex justify="center" style={{ padding: '80px 24px' }} data-testid="app-start-failed">
          <div style={{ maxWidth: 560, width: '100%' }}>
            <LoadError
              testId="app-start-error"
              title="无法连接到本机数据服务"
              error={phase.error}
              onRetry={() => {
                setPhase({ kind: 'starting' });
                setAttempt((n) => n + 1);
              }}
            />
          </div>
        </Flex>
      );
    case 'setup':
      return (
        <SetupWizard
          onDone={(status, username) => {
            setOrg(status);
            setPhase({
              kind: 'signIn',
              username,
              notice: {
                type: 'success',
                text: username ? '系统初始化完成，请使用刚创建的系统管理员账户登录。' : '演示数据已载入，请使用演示账户登录。',
              },
            });
          }}
        />
      );
    case 'signIn':
      return (
        <SignInPage
          org={org}
          notice={phase.notice}
          initialUsername={phase.username}
          onSignedIn={(user) => {
            if (lastUserId.current !== null && lastUserId.current !== user.id) navigate('/', { replace: true });
            lastUserId.current = user.id;
            setPhase({ kind: 'app', user });
          }}
        />
      );
    case 'app':
      return <SignedIn user={phase.user} org={org!} onUser={onUser} onSignedOut={onSignedOut} />;
  }
}
