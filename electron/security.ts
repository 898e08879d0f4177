// Applies the shell's policies (electron/window.ts) to sessions and web contents: no navigation away
// from the app, no new windows, no webviews, no permissions, and the CSP on every response.
import { shell, type App, type Session, type WebContents } from 'electron';
import { CSP } from '../shared/csp';
import { isAllowedExternal, isAllowedNavigation } from './window';

/** Opens a link in the system browser when the allow-list permits it; otherwise does nothing. */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternal(url)) return false;
  void shell.openExternal(url).catch(() => undefined);
  return true;
}

/** Replaces any Content-Security-Policy header (whatever its case) with ours. */
export function withCsp(headers: Record<string, string | string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [CSP];
  return out;
}

/** Session-wide rules: every permission refused, CSP added to every response. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
}

/** Per-contents rules; applied to every web contents the app creates (see `installSecurity`). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    openExternalIfAllowed(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  // Sub-frames too (the app has none of its own; CSP already limits frame sources to 'self').
  contents.on('will-frame-navigate', (event) => {
    if (isAllowedNavigation(event.url) || event.url === 'about:blank' || event.url === 'about:srcdoc') return;
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Hardens the given session now and every web contents created from here on. */
export function installSecurity(app: App, ses: Session): void {
  hardenSession(ses);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}
