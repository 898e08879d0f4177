// Renderer entry: Chinese locale for antd and dayjs, the theme, and a hash router (works under the
// desktop shell's app:// scheme and over http alike).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { App as AntApp, ConfigProvider, theme, type ThemeConfig } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import App from './App';

dayjs.locale('zh-cn');

// Local fonts only (no web fonts): Windows' 微软雅黑, macOS' 苹方, Linux's Noto CJK.
const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"Microsoft YaHei"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  'sans-serif',
].join(', ');

const NAVY = '#12335b';

// Users who ask their system for less motion (Windows: 设置 → 辅助功能 → 动画效果) get none: dialogs
// and drawers appear at once. End-to-end tests ask for it too, so no click lands on a moving dialog.
const reducedMotion = typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const appTheme: ThemeConfig = {
  algorithm: theme.defaultAlgorithm,
  token: {
    motion: !reducedMotion,
    colorPrimary: '#1d5fa8',
    colorLink: '#1d5fa8',
    borderRadius: 4,
    fontFamily: FONT_FAMILY,
    fontSize: 14,
    colorBgLayout: '#f2f4f7',
  },
  components: {
    Layout: { headerBg: NAVY, headerColor: '#ffffff', siderBg: '#ffffff', bodyBg: '#f2f4f7' },
    Menu: { itemSelectedBg: '#e8f0fa', itemSelectedColor: '#1d5fa8', itemBorderRadius: 4 },
    Table: { headerBg: '#f5f7fa', headerColor: '#3a4556', cellPaddingBlockSM: 7 },
    Descriptions: { labelBg: '#f5f7fa' },
    Card: { headerFontSizeSM: 15 },
  },
};

const root = document.getElementById('root');
if (!root) throw new Error('页面缺少 #root 元素。');

createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={appTheme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <HashRouter>
          <App />
        </HashRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
