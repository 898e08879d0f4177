// The local HTTP transport: serves the built renderer and `POST /api/<name>` on 127.0.0.1 only.
// It holds no business logic — it authenticates the caller with the launch token and hands the call
// to the same router the desktop app uses.
//
// Token flow: the URL opened at launch carries `?token=…` once; the server answers with a cookie and a
// redirect to the clean URL. Afterwards every request needs that cookie or an `X-UFD-Token` header.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/app';
import { CSP } from '../../shared/csp';

export const MAX_BODY_BYTES = 64 * 1024 * 1024; // base64 uploads of workbooks and scans
const TOKEN_COOKIE = 'ufd_token';
const SID_COOKIE = 'ufd_sid';

export interface HttpServerOptions {
  core: Core;
  /** Built renderer folder (index.html, assets/). */
  staticDir?: string;
  port?: number;
  /** Launch token; generated when omitted. */
  token?: string;
}

export interface RunningServer {
  url: string;
  /** The URL to open once: it carries the token. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      // Refuse before reading; the rest of the body is drained so the client receives the 413.
      req.resume();
      return reject(Object.assign(new Error('too large'), { status: 413 }));
    }
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(Object.assign(new Error('too large'), { status: 413 }));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const { core } = options;
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const staticDir = options.staticDir ? path.resolve(options.staticDir) : undefined;
  const sseClients = new Set<{ sid: string; res: http.ServerResponse }>();

  const unsubscribe = core.events.subscribe((e) => {
    for (const c of sseClients) {
      if (e.channel === null || e.channel === `http:${c.sid}`) {
        c.res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`);
      }
    }
  });

  function authorised(req: http.IncomingMessage): { ok: boolean; sid?: string } {
    const cookies = parseCookies(req.headers.cookie);
    const presented = (req.headers['x-ufd-token'] as string | undefined) ?? cookies[TOKEN_COOKIE];
    if (!presented || !safeEqual(presented, token)) return { ok: false };
    // Scripts and tests may name their own session with a header; browsers use the cookie.
    const sid = (req.headers['x-ufd-session'] as string | undefined) ?? cookies[SID_COOKIE];
    return { ok: true, sid };
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'METHOD', message: '仅接受 POST 请求。' } });
    const auth = authorised(req);
    if (!auth.ok) return send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: '缺少或错误的访问令牌。' } });
    const type = String(req.headers['content-type'] ?? '');
    if (!type.toLowerCase().startsWith('application/json')) {
      return send(res, 415, { ok: false, error: { code: 'UNSUPPORTED_MEDIA', message: '请求内容必须是 JSON。' } });
    }
    let input: unknown;
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      input = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch (e) {
      const status = (e as { status?: number }).status ?? 400;
      return send(res, status, {
        ok: false,
        error: status === 413
          ? { code: 'TOO_LARGE', message: `请求内容超过 ${MAX_BODY_BYTES / 1024 / 1024} MB 上限。` }
          : { code: 'BAD_JSON', message: '请求内容不是有效的 JSON。' },
      });
    }
    const sid = auth.sid ?? crypto.randomBytes(16).toString('base64url');
    const headers: http.OutgoingHttpHeaders = auth.sid
      ? {}
      : { 'Set-Cookie': `${SID_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Strict` };
    const result = await core.router.call(decodeURIComponent(name), input, { channel: `http:${sid}` });
    send(res, 200, result, headers);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse) {
    const auth = authorised(req);
    if (!auth.ok || !auth.sid) return send(res, 401, '缺少或错误的访问令牌。');
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const client = { sid: auth.sid, res };
    sseClients.add(client);
    req.on('close', () => sseClients.delete(client));
  }

  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'METHOD', message: '仅接受 POST 请求。' } });
    if (!authorised(req).ok) return send(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: '缺少或错误的访问令牌。' } });
    const name = decodeURIComponent(String(req.headers['x-file-name'] ?? 'upload'));
    try {
      const body = await readBody(req, MAX_BODY_BYTES);
      send(res, 200, { ok: true, value: core.env.files.putUpload(name, body) });
    } catch (e) {
      send(res, 413, { ok: false, error: { code: 'TOO_LARGE', message: `文件超过 ${MAX_BODY_BYTES / 1024 / 1024} MB 上限。` } });
    }
  }

  function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, id: string) {
    if (!authorised(req).ok) return send(res, 401, '缺少或错误的访问令牌。');
    let file: { path: string; name: string };
    try {
      file = core.env.files.exportPath(id);
    } catch {
      return send(res, 404, '导出的文件已不存在，请重新导出。');
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    fs.createReadStream(file.path).pipe(res);
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '不支持的请求方法。');
    const presented = url.searchParams.get('token');
    if (presented !== null) {
      if (!safeEqual(presented, token)) return send(res, 401, '访问令牌错误。');
      const sid = crypto.randomBytes(16).toString('base64url');
      res.writeHead(302, {
        Location: url.pathname,
        'Set-Cookie': [
          `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
          `${SID_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Strict`,
        ],
        'Cache-Control': 'no-store',
      });
      return res.end();
    }
    if (!authorised(req).ok) {
      return send(res, 401, '请使用启动时显示的完整地址（含访问令牌）打开本应用。', {
        'Content-Type': 'text/plain; charset=utf-8',
      });
    }
    if (!staticDir) return send(res, 404, '未找到界面文件，请先运行 npm run build。');
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    let file = path.resolve(staticDir, rel);
    // Checked paths only: nothing outside the renderer folder is ever served.
    if (!file.startsWith(staticDir + path.sep) && file !== staticDir) return send(res, 403, '禁止访问。');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticDir, 'index.html');
    if (!fs.existsSync(file)) return send(res, 404, '未找到界面文件，请先运行 npm run build。');
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Cache-Control': ext === '.html' ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).pipe(res);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = /^\/api\/([^/]+)$/.exec(url.pathname);
    const done = (p: unknown) =>
      Promise.resolve(p).catch((e) => {
        if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: `系统内部错误：${(e as Error).message}` } });
      });
    if (url.pathname === '/api/events') return done(handleEvents(req, res));
    if (url.pathname === '/upload') return done(handleUpload(req, res));
    const download = /^\/files\/exports\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (download) return done(handleDownload(req, res, download[1]));
    if (api) return done(handleApi(req, res, api[1]));
    return done(handleStatic(req, res, url));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    launchUrl: `${url}?token=${encodeURIComponent(token)}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const c of sseClients) c.res.end();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
