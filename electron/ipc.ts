// The IPC transport: binds the core's router and the named OS functions of shared/bridge.ts to
// ipcMain. Like the HTTP transport it holds no business logic. Every handler first checks that the
// sender is a frame of the app's own origin, then validates its payload, and only then acts.
//
// The core logic (`handleInvoke`, `openFiles`, …) takes the event as a plain argument so the unit
// tests can drive it with fake events and a real core.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { app, BrowserWindow, dialog, ipcMain, shell, webContents as allContents } from 'electron';
import type { IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions, WebContents } from 'electron';
import type { Core } from './core/app';
import type { CoreEvent } from './core/events';
import type { EventName, Result } from '../shared/contract/define';
import { IPC, type ExportedFile, type SavedToFolder, type UploadedFile } from '../shared/bridge';
import { isAllowedExternal, isTrustedSender } from './window';

/** What the main process sends on IPC.event; the preload filters it by `event`. */
export interface EventMessage {
  event: EventName;
  payload: unknown;
}

/** The parts of an IPC event the handlers use (real events satisfy it; tests pass fakes). */
export interface SenderEvent {
  readonly senderFrame?: { readonly url: string } | null;
  readonly sender: { readonly id: number; once?: (event: 'destroyed', listener: () => void) => unknown };
}

export const FORBIDDEN_SENDER_MESSAGE = '拒绝请求：调用方不是本应用的页面。';

/** Files taken from a chosen folder by openFiles({ directory: true }). */
export const IMPORTABLE_FILE = /\.(xlsx|xls|csv)$/i;

/** The session channel of a renderer: sessions are held per web contents. */
export function channelOf(sender: { id: number }): string {
  return `ipc:${sender.id}`;
}

/** True when the event comes from a frame showing the app's own origin. */
export function senderIsTrusted(event: SenderEvent): boolean {
  try {
    // senderFrame is null (or throws) when the frame has navigated away or been destroyed.
    return isTrustedSender(event.senderFrame?.url);
  } catch {
    return false;
  }
}

const MAX_DEPTH = 64;

/** Plain JSON data only: objects with the ordinary prototype, arrays, strings, finite numbers, booleans, null. */
export function isJsonLike(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (Array.isArray(value)) return value.every((v) => isJsonLike(v, depth + 1));
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      return Object.values(value as Record<string, unknown>).every((v) => isJsonLike(v, depth + 1));
    }
    default:
      return false;
  }
}

export const handlerNameSchema = z.string().min(1).max(100);
/** `undefined` is allowed (the router treats it as `{}`), anything else must be plain JSON. */
export const invokeInputSchema = z.unknown().refine((v) => v === undefined || isJsonLike(v), {
  message: '输入必须是纯 JSON 数据（对象、数组、字符串、数字、布尔值或 null）。',
});

function forbidden(): Result<never> {
  return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: FORBIDDEN_SENDER_MESSAGE } };
}

const watched = new WeakMap<Core, Set<number>>();

/** Ends the core session of a web contents when it is destroyed (window closed). */
function watchSender(core: Core, event: SenderEvent) {
  const ids = watched.get(core) ?? new Set<number>();
  watched.set(core, ids);
  const { sender } = event;
  if (ids.has(sender.id) || typeof sender.once !== 'function') return;
  ids.add(sender.id);
  sender.once('destroyed', () => {
    ids.delete(sender.id);
    core.sessions.end(channelOf(sender));
  });
}

/** IPC.invoke: sender check, argument validation, then the router. Never throws. */
export async function handleInvoke(core: Core, event: SenderEvent, name: unknown, input: unknown): Promise<Result<unknown>> {
  if (!senderIsTrusted(event)) return forbidden();
  const n = handlerNameSchema.safeParse(name);
  if (!n.success) {
    return {
      ok: false,
      error: { code: 'VALIDATION', message: '接口名称无效：必须是 1～100 个字符的字符串。' },
    };
  }
  const i = invokeInputSchema.safeParse(input);
  if (!i.success) {
    return {
      ok: false,
      error: { code: 'VALIDATION', message: i.error.issues[0]?.message ?? '输入格式有误。' },
    };
  }
  try {
    watchSender(core, event);
    return await core.router.call(n.data, input, { channel: channelOf(event.sender) });
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: `系统内部错误：${(e as Error)?.message ?? String(e)}` } };
  }
}

// ---- OS functions -----------------------------------------------------------------------------

function assertTrusted(event: SenderEvent) {
  if (!senderIsTrusted(event)) throw new Error(FORBIDDEN_SENDER_MESSAGE);
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const detail = r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message)).join('；');
    throw new Error(`${what}参数有误：${detail}`);
  }
  return r.data;
}

const fileFilterSchema = z
  .object({
    name: z.string().max(100),
    extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/)).min(1).max(20),
  })
  .strict();

export const openFilesSchema = z
  .object({
    title: z.string().max(200).optional(),
    filters: z.array(fileFilterSchema).max(20).optional(),
    multiple: z.boolean().optional(),
    directory: z.boolean().optional(),
  })
  .strict();

export const exportedFileSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().max(255),
    size: z.number().nonnegative(),
  })
  .strip();

export const saveExportOptionsSchema = z.object({ title: z.string().max(200).optional() }).strict().optional();

export const printToPdfSchema = z
  .object({
    defaultName: z.string().min(1).max(200),
    landscape: z.boolean().optional(),
  })
  .strict();

export const pathSchema = z.string().min(1).max(4096);
export const urlSchema = z.string().min(1).max(2048);

function windowOf(event: SenderEvent): BrowserWindow | null {
  try {
    return BrowserWindow.fromWebContents(event.sender as WebContents);
  } catch {
    return null;
  }
}

function showOpen(event: SenderEvent, options: OpenDialogOptions) {
  const win = windowOf(event);
  return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
}

function showSave(event: SenderEvent, options: SaveDialogOptions) {
  const win = windowOf(event);
  return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
}

/** The importable files directly inside `dir` (no sub-folders, no Office "~$" lock files), by name. */
export function importableFilesIn(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && IMPORTABLE_FILE.test(d.name) && !d.name.startsWith('~$'))
    .map((d) => d.name)
    .sort((a, b) => a.localeCompare(b, 'zh-CN'))
    .map((n) => path.join(dir, n));
}

export async function openFiles(core: Core, event: SenderEvent, raw: unknown): Promise<UploadedFile[]> {
  assertTrusted(event);
  const options = parseOrThrow(openFilesSchema, raw ?? {}, '选择文件');
  const properties: OpenDialogOptions['properties'] = options.directory
    ? ['openDirectory']
    : options.multiple
      ? ['openFile', 'multiSelections']
      : ['openFile'];
  const result = await showOpen(event, {
    title: options.title ?? (options.directory ? '选择文件夹' : '选择文件'),
    filters: options.directory ? undefined : options.filters,
    properties,
  });
  if (result.canceled || result.filePaths.length === 0) return [];
  const sources = options.directory ? result.filePaths.flatMap(importableFilesIn) : result.filePaths;
  return sources.map((file) => core.env.files.copyUpload(file));
}

const FILTER_LABELS: Record<string, string> = {
  xlsx: 'Excel 工作簿',
  xls: 'Excel 97-2003 工作簿',
  csv: 'CSV 文件',
  pdf: 'PDF 文档',
  zip: '压缩文件',
  sqlite3: '数据库文件',
};

function filtersFor(name: string): SaveDialogOptions['filters'] {
  const ext = path.extname(name).slice(1).toLowerCase();
  if (!ext) return undefined;
  return [{ name: FILTER_LABELS[ext] ?? `${ext.toUpperCase()} 文件`, extensions: [ext] }];
}

function defaultSavePath(name: string): string {
  try {
    return path.join(app.getPath('documents'), name);
  } catch {
    return name;
  }
}

export async function saveExport(core: Core, event: SenderEvent, rawFile: unknown, rawOptions: unknown): Promise<string | null> {
  assertTrusted(event);
  const file: ExportedFile = parseOrThrow(exportedFileSchema, rawFile, '保存文件');
  const options = parseOrThrow(saveExportOptionsSchema, rawOptions, '保存文件');
  const source = core.env.files.exportPath(file.id); // throws a Chinese NOT_FOUND / VALIDATION error
  const result = await showSave(event, {
    title: options?.title ?? '保存文件',
    defaultPath: defaultSavePath(source.name),
    filters: filtersFor(source.name),
  });
  if (result.canceled || !result.filePath) return null;
  await fs.promises.copyFile(source.path, result.filePath);
  return result.filePath;
}

export const exportedFilesSchema = z.array(exportedFileSchema).min(1, '没有要保存的文件').max(50_000);

export const saveToFolderOptionsSchema = z
  .object({ title: z.string().max(200).optional(), zipName: z.string().max(200).optional() })
  .strict()
  .optional();

/** A file name safe on Windows, macOS and Linux (no folder part, no reserved characters). */
export function safeFileName(name: string): string {
  const clean = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/, '')
    .trim();
  return clean || '文件';
}

/** The names in a folder, lower-cased (Windows and macOS compare file names case-insensitively). */
export function namesIn(dir: string): Set<string> {
  return new Set(fs.readdirSync(dir).map((n) => n.toLowerCase()));
}

/**
 * `name`, or “name (2).ext”, “name (3).ext” … — the first that is neither in `taken` (seed it with
 * {@link namesIn}) nor in the folder; the name returned is added to `taken`.
 */
export function freeName(dir: string, name: string, taken: Set<string>): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${stem} (${n})${ext}`;
    const key = candidate.toLowerCase();
    if (!taken.has(key) && !fs.existsSync(path.join(dir, candidate))) {
      taken.add(key);
      return candidate;
    }
  }
}

/**
 * Copies generated files into a folder the user picks (one dialog for any number of files). Every id
 * is resolved before the dialog opens, so a bad id fails without asking; a file already in the folder is
 * never overwritten (a filled-in template could be lost) — the copy gets a “ (2)” suffix instead.
 */
export async function saveExportsToFolder(
  core: { env: { files: Pick<Core['env']['files'], 'exportPath'> } },
  event: SenderEvent,
  rawFiles: unknown,
  rawOptions: unknown,
): Promise<SavedToFolder | null> {
  assertTrusted(event);
  const files = parseOrThrow(exportedFilesSchema, rawFiles, '保存到文件夹');
  const options = parseOrThrow(saveToFolderOptionsSchema, rawOptions, '保存到文件夹');
  const sources = files.map((f) => core.env.files.exportPath(f.id));
  const result = await showOpen(event, {
    title: options?.title ?? `选择保存 ${files.length} 个文件的文件夹`,
    defaultPath: defaultSavePath(''),
    buttonLabel: '保存到此文件夹',
    properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
  });
  if (result.canceled || result.filePaths.length === 0) return null;
  const dir = result.filePaths[0];
  await fs.promises.mkdir(dir, { recursive: true });
  const taken = namesIn(dir);
  const written: string[] = [];
  for (const src of sources) {
    for (;;) {
      const target = path.join(dir, freeName(dir, safeFileName(src.name), taken));
      try {
        await fs.promises.copyFile(src.path, target, fs.constants.COPYFILE_EXCL);
        written.push(target);
        break;
      } catch (e) {
        // Created meanwhile by someone else: take the next free name.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  }
  return { kind: 'folder', folder: dir, files: written };
}

function pdfName(name: string): string {
  const clean = path.basename(name).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '打印';
  return /\.pdf$/i.test(clean) ? clean : `${clean}.pdf`;
}

export async function printToPDF(event: SenderEvent, raw: unknown): Promise<string | null> {
  assertTrusted(event);
  const options = parseOrThrow(printToPdfSchema, raw, '打印');
  const contents = event.sender as WebContents;
  const pdf = await contents.printToPDF({ pageSize: 'A4', landscape: options.landscape ?? false, printBackground: true });
  const result = await showSave(event, {
    title: '保存 PDF',
    defaultPath: defaultSavePath(pdfName(options.defaultName)),
    filters: [{ name: 'PDF 文档', extensions: ['pdf'] }],
  });
  if (result.canceled || !result.filePath) return null;
  await fs.promises.writeFile(result.filePath, pdf);
  return result.filePath;
}

export async function showInFolder(event: SenderEvent, raw: unknown): Promise<void> {
  assertTrusted(event);
  const p = parseOrThrow(pathSchema, raw, '显示文件');
  if (!path.isAbsolute(p) || !fs.existsSync(p)) throw new Error(`文件不存在：${p}`);
  shell.showItemInFolder(path.normalize(p));
}

export async function openExternal(event: SenderEvent, raw: unknown): Promise<void> {
  assertTrusted(event);
  const url = parseOrThrow(urlSchema, raw, '打开链接');
  if (!isAllowedExternal(url)) {
    throw new Error('不允许打开此链接：只能在浏览器中打开 acftu.org 或 gov.cn 域名下的 https 链接。');
  }
  await shell.openExternal(url);
}

// ---- Events -------------------------------------------------------------------------------------

/** Where a core event goes: one renderer (`ipc:<id>`), every app window (`null`), or nowhere. */
export function eventTargets(e: Pick<CoreEvent, 'channel'>, all: readonly WebContents[]): WebContents[] {
  const live = all.filter((wc) => !wc.isDestroyed());
  if (e.channel === null) return live.filter((wc) => isTrustedSender(wc.getURL()));
  const m = /^ipc:(\d+)$/.exec(e.channel);
  if (!m) return [];
  return live.filter((wc) => wc.id === Number(m[1]));
}

// ---- Binding ------------------------------------------------------------------------------------

/** Registers every IPC handler and the event forwarding; returns a function that undoes it. */
export function registerIpc(core: Core): () => void {
  ipcMain.handle(IPC.invoke, (event: IpcMainInvokeEvent, name: unknown, input: unknown) =>
    handleInvoke(core, event, name, input),
  );
  ipcMain.handle(IPC.openFiles, (event, options: unknown) => openFiles(core, event, options));
  ipcMain.handle(IPC.saveExport, (event, file: unknown, options: unknown) => saveExport(core, event, file, options));
  ipcMain.handle(IPC.saveExportsToFolder, (event, files: unknown, options: unknown) => saveExportsToFolder(core, event, files, options));
  ipcMain.handle(IPC.printToPDF, (event, options: unknown) => printToPDF(event, options));
  ipcMain.handle(IPC.showInFolder, (event, p: unknown) => showInFolder(event, p));
  ipcMain.handle(IPC.openExternal, (event, url: unknown) => openExternal(event, url));

  const unsubscribe = core.events.subscribe((e) => {
    const message: EventMessage = { event: e.event, payload: e.payload };
    for (const wc of eventTargets(e, allContents.getAllWebContents())) {
      try {
        wc.send(IPC.event, message);
      } catch {
        // The window closed between the lookup and the send.
      }
    }
  });

  return () => {
    unsubscribe();
    for (const channel of Object.values(IPC)) if (channel !== IPC.event) ipcMain.removeHandler(channel);
  };
}
