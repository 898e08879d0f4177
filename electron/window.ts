// The desktop window's options and the shell's URL policies. PURE: no runtime import of 'electron' (and
// nothing but node:path), so the unit tests can check the security flags and the policies without an
// Electron binary.
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_TITLE = '县级工会财务工作台';

/** The privileged custom scheme the UI is served from (registered as standard + secure in main.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ufd';
/** The app's own origin; the only origin that may be navigated to or may call over IPC. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens (the protocol handler serves index.html for it). */
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * Hosts whose https links may be opened in the system browser (each entry also allows its
 * subdomains). Kept deliberately short: the ACFTU (中华全国总工会) site for union finance rules, and
 * government sites under gov.cn (财政部、审计署、地方政府公开的政策文件). Everything else is refused.
 */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = ['acftu.org', 'gov.cn'];

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: APP_TITLE,
    width: 1366,
    height: 860,
    minWidth: 1100,
    minHeight: 700,
    // Shown on 'ready-to-show', so the user never sees a blank white frame.
    show: false,
    backgroundColor: '#f5f7fa',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

function parse(url: unknown): URL | undefined {
  if (typeof url !== 'string' || url.length > 8192) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * True for URLs of the app's own origin, `app://ufd/…`. Node's URL gives a non-special scheme the
 * origin "null", so the parts are compared one by one; credentials and ports are refused so that
 * `app://ufd@evil/` or `app://ufd:1/` cannot pass.
 */
export function isAppUrl(url: unknown): boolean {
  const u = parse(url);
  return (
    !!u &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** The window may only navigate within the app's own origin. */
export function isAllowedNavigation(url: unknown): boolean {
  return isAppUrl(url);
}

/** IPC senders must be frames showing the app's own pages (never a remote page, devtools or file://). */
export function isTrustedSender(frameUrl: unknown): boolean {
  return isAppUrl(frameUrl);
}

/** True when `host` is on the allow-list or a subdomain of an entry. */
export function isAllowedExternalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return EXTERNAL_HOST_ALLOW_LIST.some((d) => h === d || h.endsWith(`.${d}`));
}

/** Links that may be handed to the system browser: https, default port, no credentials, allow-listed host. */
export function isAllowedExternal(url: unknown): boolean {
  const u = parse(url);
  return (
    !!u &&
    u.protocol === 'https:' &&
    u.port === '' &&
    u.username === '' &&
    u.password === '' &&
    isAllowedExternalHost(u.hostname)
  );
}

/**
 * The file under `root` an `app://ufd/…` request asks for, or null when the URL is not of the app's
 * origin or its path would leave `root` (`..`, encoded separators, NUL). `/` maps to index.html.
 * Whether the file exists is for the caller to check.
 */
export function resolveAppPath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  rel = rel.replace(/^[\\/]+/, '') || 'index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, rel);
  const relative = path.relative(base, file);
  if (!relative || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return null;
  return file;
}
