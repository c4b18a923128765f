import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Button, Dropdown, Flex, Grid, Layout, Menu, Typography, type MenuProps } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  DownOutlined,
  FlagOutlined,
  HeartOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MobileOutlined,
  NodeIndexOutlined,
  ReadOutlined,
  ReconciliationOutlined,
  SolutionOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { can, roleLabel } from '@jingzhun/domain';
import { getHealth } from '../api/health.ts';
import { useApi } from '../api/useApi.ts';
import { useAuth, useMe } from '../auth/AuthProvider.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PageLoading } from '../components/PageLoading.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { RegionBar } from './RegionBar.tsx';
import { RegionProvider, useRegion } from './RegionContext.tsx';

const { Header, Sider, Content, Footer } = Layout;

/** The frame around every signed-in page: menu by role, user menu, language, region bar, version. */
export default function AppShell() {
  return (
    <RegionProvider>
      <ShellLayout />
    </RegionProvider>
  );
}

function ShellLayout() {
  const me = useMe();
  const { logout } = useAuth();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const { code } = useRegion();
  const [collapsed, setCollapsed] = useState(false);
  // On a phone the menu folds away completely (a tab opens it): every pixel of 390 is needed for the page.
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const health = useApi((signal) => getHealth(signal), []);

  const menuItems = useMemo(() => {
    const items: NonNullable<MenuProps['items']> = [
      { key: '/', icon: <HomeOutlined />, label: t('menu.home') },
    ];
    if (can(me.role, 'readRegistry')) items.push({ key: '/stats', icon: <BarChartOutlined />, label: t('stats.menu') });
    items.push({ key: '/regions', icon: <ApartmentOutlined />, label: t('menu.regions') });
    if (can(me.role, 'readRegistry')) items.push({ key: '/households', icon: <SolutionOutlined />, label: t('menu.households') });
    if (can(me.role, 'readRegistry')) items.push({ key: '/procedures', icon: <NodeIndexOutlined />, label: t('procedures.title') });
    if (can(me.role, 'readRegistry')) items.push({ key: '/adjustments', icon: <ReconciliationOutlined />, label: t('adjustments.menu') });
    if (can(me.role, 'readRegistry')) items.push({ key: '/exit-check', icon: <FlagOutlined />, label: t('exitCheck.menu') });
    // 帮扶: one submenu (key 'assistance') whose pages several areas add to its children. An aid unit's
    // account reads only its own unit's work (readAidWork): its unit and the visits, nothing of the registry.
    if (can(me.role, 'readAidWork')) {
      const registry = can(me.role, 'readRegistry');
      const ownUnit = me.role === 'aid_unit' ? me.aidUnit : null;
      items.push({
        key: 'assistance',
        icon: <HeartOutlined />,
        label: t('assistance.menu'),
        children: [
          ownUnit ? { key: `/assistance/units/${ownUnit.id}`, label: t('assistance.menu.ownUnit') } : { key: '/assistance/units', label: t('assistance.menu.units') },
          ...(registry ? [{ key: '/assistance/booklets', label: t('assistance.menu.booklets') }] : []),
          { key: '/visits', label: t('visits.menu') },
          ...(registry
            ? [
                { key: '/work-teams', label: t('workTeams.menu') },
                { key: '/campaigns', label: t('campaigns.menu') },
              ]
            : []),
        ],
      });
    }
    // 监测预警: alerts, the departments' data compared (who imports them), self-reports.
    if (can(me.role, 'readRegistry')) {
      items.push({
        key: 'monitoring',
        icon: <AlertOutlined />,
        label: t('monitoring.menu'),
        children: [
          { key: '/alerts', label: t('monitoring.menu.alerts') },
          ...(can(me.role, 'importFeeds') ? [{ key: '/feeds', label: t('monitoring.menu.feeds') }] : []),
          { key: '/self-reports', label: t('monitoring.menu.selfReports') },
          // The inspectors' audits (优亲厚友, 公平性) check the monitoring work.
          ...(can(me.role, 'inspect')
            ? [
                { key: '/audits/conflicts', label: t('audits.menu.conflicts') },
                { key: '/audits/fairness', label: t('audits.menu.fairness') },
              ]
            : []),
        ],
      });
    }
    items.push({ key: '/standards', icon: <ReadOutlined />, label: t('standards.menu') });
    if (can(me.role, 'manageUsers')) items.push({ key: '/admin/users', icon: <TeamOutlined />, label: t('menu.users') });
    if (can(me.role, 'readAudit')) items.push({ key: '/audit', icon: <AuditOutlined />, label: t('menu.audit') });
    return items;
  }, [me.role, me.aidUnit, t]);

  // A submenu's pages are its children: look for the page among them, and open the submenu that holds it.
  const submenus = menuItems.flatMap((i) => (i && 'children' in i && i.children ? [{ key: String(i.key), children: i.children.map((c) => String(c?.key)) }] : []));
  const menuKeys = menuItems.flatMap((i) => (i && 'children' in i && i.children ? i.children.map((c) => String(c?.key)) : [String(i?.key)]));
  const selectedKey =
    // A helper's ledger (/helpers/:id/ledger) is reached from the visits.
    menuKeys.find((k) => k !== '/' && location.pathname.replace(/^\/helpers\//, '/visits/').startsWith(k)) ??
    (location.pathname === '/' ? '/' : '');
  const openKeys = submenus.filter((s) => s.children.includes(selectedKey)).map((s) => s.key);

  // Moving between pages keeps the selected region, so a link to any page shows the same place.
  const go = (pathname: string) => void navigate({ pathname, search: code === me.region.code ? '' : `?region=${encodeURIComponent(code)}` });

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <Flex vertical style={{ minWidth: 180 }}>
            <Typography.Text strong>{me.displayName}</Typography.Text>
            <Typography.Text type="secondary">{roleLabel(me.role, lang)}</Typography.Text>
            {me.aidUnit && <Typography.Text type="secondary">{me.aidUnit.name}</Typography.Text>}
            <Typography.Text type="secondary">{me.region.name}</Typography.Text>
          </Flex>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
      { key: 'relatives', icon: <UsergroupAddOutlined />, label: t('audits.menu.relatives') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') void navigate('/account/password');
      if (key === 'relatives') void navigate('/account/relatives');
      if (key === 'logout') {
        void logout().then(
          () => {
            void message.success(t('header.loggedOut'));
            void navigate('/login', { replace: true });
          },
          (e: unknown) => void message.error(e instanceof Error ? e.message : String(e)),
        );
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={200}
        collapsedWidth={phone ? 0 : 80}
        zeroWidthTriggerStyle={{ top: 12 }}
        // The sider stays in the viewport while the page scrolls, and the menu scrolls inside it above the
        // collapse bar (fixed at the bottom, 48 px, which the sider's padding keeps clear): with 帮扶 and
        // 监测预警 open at 1440×900 the last items were under the bar.
        style={{ position: 'sticky', top: 0, height: '100vh', boxSizing: 'border-box', alignSelf: 'flex-start' }}
        data-testid="main-sider"
      >
        <Flex vertical style={{ height: '100%' }}>
          <div
            style={{
              flex: 'none',
              height: 56,
              margin: 8,
              borderRadius: 6,
              background: '#b71c1c',
              color: '#fff',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontSize: collapsed ? 18 : 20,
              fontWeight: 600,
              letterSpacing: 2,
              whiteSpace: 'nowrap',
              overflow: 'hidden',
            }}
          >
            {collapsed ? t('app.short').slice(0, 2) : t('app.name')}
          </div>
          <div style={{ flex: 1, minHeight: 0, overflowY: 'auto', overflowX: 'hidden' }} data-testid="main-menu-scroll">
            <Menu
              theme="dark"
              mode="inline"
              selectedKeys={[selectedKey]}
              defaultOpenKeys={openKeys}
              items={menuItems}
              onClick={({ key }) => {
                go(key);
                if (phone) setCollapsed(true);
              }}
              data-testid="main-menu"
            />
          </div>
        </Flex>
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: phone ? '0 12px 0 48px' : '0 24px',
            borderBottom: '1px solid #f0f0f0',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 16,
          }}
        >
          <Typography.Text strong style={{ fontSize: 16 }} ellipsis>
            {phone ? t('app.short') : t('app.subtitle')}
          </Typography.Text>
          <Flex align="center" gap={phone ? 8 : 16}>
            {/* Field mode (外业模式): the phone pages for logging visits. */}
            {can(me.role, 'logVisits') && (
              <Button type="text" icon={<MobileOutlined />} title={t('field.modeLinkHint')} aria-label={t('field.modeLink')} onClick={() => void navigate('/field')} data-testid="field-mode-link">
                {!phone && t('field.modeLink')}
              </Button>
            )}
            <LanguageSwitch />
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Button type="text" aria-label={t('header.userMenu')} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#b71c1c' }} />
                {!phone && <span>{me.displayName}</span>}
                {!phone && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {roleLabel(me.role, lang)} · {me.region.name}
                  </Typography.Text>
                )}
                <DownOutlined style={{ fontSize: 10 }} />
              </Button>
            </Dropdown>
          </Flex>
        </Header>
        <RegionBar />
        <Content style={{ margin: phone ? 8 : 24 }}>
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer style={{ textAlign: 'center', color: '#888', padding: '12px 24px' }}>
          {health.data
            ? t('app.footer', { version: health.data.version, database: health.data.database })
            : t('app.footerUnknown')}
        </Footer>
      </Layout>
    </Layout>
  );
}
