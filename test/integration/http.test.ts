import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startHttpServer, type RunningServer } from '../../electron/http/server';
import { tempCore, tempDir } from '../helpers/temp';

let core: Awaited<ReturnType<typeof tempCore>>;
let server: RunningServer;
let staticDir: string;

beforeAll(async () => {
  core = await tempCore();
  staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>x</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'a.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'secret');
  server = await startHttpServer({ core, staticDir });
});
afterAll(async () => {
  await server.close();
  await core.close();
});

const post = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP transport', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses API calls without the token or with a wrong one (401)', async () => {
    expect((await post('system.ping', {})).status).toBe(401);
    expect((await post('system.ping', {}, { 'x-ufd-token': 'wrong' })).status).toBe(401);
    expect((await post('system.ping', {}, { cookie: 'ufd_token=wrong' })).status).toBe(401);
    const ok = await post('system.ping', {}, { 'x-ufd-token': server.token });
    expect(ok.status).toBe(200);
    expect((await ok.json()).ok).toBe(true);
  });

  it('accepts JSON only, limits the body, and reports bad JSON', async () => {
    const auth = { 'x-ufd-token': server.token };
    const form = await fetch(`${server.url}api/system.ping`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const badJson = await post('system.ping', '{nope', auth);
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.code).toBe('BAD_JSON');
    const huge = await post('system.ping', JSON.stringify({ x: 'a'.repeat(65 * 1024 * 1024) }), auth);
    expect(huge.status).toBe(413);
    const get = await fetch(`${server.url}api/system.ping`, { headers: auth });
    expect(get.status).toBe(405);
  });

  it('exchanges the launch token for a cookie, then serves the UI with a CSP and only from its folder', async () => {
    const noToken = await fetch(server.url);
    expect(noToken.status).toBe(401);
    const launch = await fetch(server.launchUrl, { redirect: 'manual' });
    expect(launch.status).toBe(302);
    const cookies = launch.headers.getSetCookie().map((c) => c.split(';')[0]);
    expect(cookies.some((c) => c.startsWith('ufd_token='))).toBe(true);
    const cookie = cookies.join('; ');
    const page = await fetch(server.url, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const asset = await fetch(`${server.url}assets/a.js`, { headers: { cookie } });
    expect(await asset.text()).toBe('console.log(1)');
    const escape = await fetch(`${server.url}..%2Fsecret.txt`, { headers: { cookie } });
    expect(await escape.text()).not.toContain('secret');
    const api = await post('system.info', {}, { cookie });
    expect((await api.json()).value.dbPath).toBe(core.env.dbPath);
  });

  it('answers unknown handlers and invalid input with Chinese envelopes', async () => {
    const auth = { 'x-ufd-token': server.token };
    const unknown = await (await post('no.such', {}, auth)).json();
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_HANDLER', message: '未知的接口：no.such' } });
    const invalid = await (await post('system.ping', { extra: 1 }, auth)).json();
    expect(invalid.ok).toBe(false);
    expect(invalid.error.code).toBe('VALIDATION');
  });

  it('stores uploads and serves exports only with the token', async () => {
    const auth = { 'x-ufd-token': server.token };
    const up = await fetch(`${server.url}upload`, {
      method: 'POST',
      headers: { ...auth, 'x-file-name': encodeURIComponent('预算表.xlsx') },
      body: new Uint8Array([1, 2, 3]),
    });
    const uploaded = (await up.json()).value;
    expect(uploaded.name).toBe('预算表.xlsx');
    expect(fs.readFileSync(core.env.files.uploadPath(uploaded.id).path)).toEqual(Buffer.from([1, 2, 3]));

    const ex = core.env.files.newExport('报表.xlsx');
    fs.writeFileSync(ex.path, 'xlsx-bytes');
    const file = core.env.files.finishExport(ex);
    expect((await fetch(`${server.url}files/exports/${file.id}`)).status).toBe(401);
    const dl = await fetch(`${server.url}files/exports/${file.id}`, { headers: auth });
    expect(dl.status).toBe(200);
    expect(await dl.text()).toBe('xlsx-bytes');
    expect(dl.headers.get('content-disposition')).toContain(encodeURIComponent('报表.xlsx'));
  });

  it('streams progress events to the caller that started the task', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${server.url}api/events`, { headers: { 'x-ufd-token': server.token, 'x-ufd-session': 'sid-1' }, signal: ctrl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    core.events.emit('http:other', 'progress', { task: 'x', done: 9, total: 9 });
    core.events.emit('http:sid-1', 'progress', { task: 'mine', done: 1, total: 2 });
    let text = '';
    while (!text.includes('mine')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('event: progress');
    expect(text).not.toContain('"done":9');
    ctrl.abort();
  });
});
