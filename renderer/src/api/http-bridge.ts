// Browser mode: the same DesktopBridge the Electron preload exposes as `window.api`, imitated over the
// local HTTP transport (electron/http/server.ts). The page was opened with the launch token, which the
// server exchanged for an HttpOnly cookie; every request here is same-origin and carries that cookie.
import type { ApiError, EventMap, EventName, Result } from '../../../shared/contract/define';
import type { DesktopBridge, ExportedFile, FileFilter, OsFunctions, SavedToFolder, UploadedFile } from '../../../shared/bridge';

/** An error from the transport itself (not a handler): the shape client.ts turns into ApiCallError. */
export class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

function failure(code: string, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function httpStatusMessage(status: number): ApiError {
  if (status === 401) return { code: 'UNAUTHORIZED', message: '访问令牌无效或已失效，请使用启动时显示的完整地址重新打开本应用。' };
  if (status === 413) return { code: 'TOO_LARGE', message: '请求内容过大。' };
  if (status >= 500) return { code: 'INTERNAL', message: `本机服务出错（HTTP ${status}）。` };
  return { code: `HTTP_${status}`, message: `本机服务返回了意外的响应（HTTP ${status}）。` };
}

function isEnvelope(x: unknown): x is Result<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const r = x as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return true;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error?.message === 'string';
}

/** Reads a response as the result envelope, whatever its status; never throws. */
async function readEnvelope(res: Response): Promise<Result<unknown>> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, error: httpStatusMessage(res.status) };
  }
  if (isEnvelope(body)) return body;
  return { ok: false, error: httpStatusMessage(res.status) };
}

const NETWORK_MESSAGE = '无法连接到本机服务，请确认工作台程序仍在运行。';

async function post(url: string, init: RequestInit): Promise<Result<unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', credentials: 'same-origin', cache: 'no-store', ...init });
  } catch {
    return failure('NETWORK', NETWORK_MESSAGE);
  }
  return readEnvelope(res);
}

// ---- events (server-sent) ----------------------------------------------------------------------

type Listener = (payload: never) => void;

class EventHub {
  #source: EventSource | undefined;
  #listeners = new Map<string, Set<Listener>>();
  #attached = new Set<string>();

  on<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(callback as Listener);
    this.#attach(event);
    return () => {
      set.delete(callback as Listener);
      if ([...this.#listeners.values()].every((s) => s.size === 0)) this.#close();
    };
  }

  #open(): EventSource {
    if (!this.#source) {
      this.#source = new EventSource('/api/events', { withCredentials: true });
      this.#attached.clear();
    }
    return this.#source;
  }

  #attach(event: string) {
    const source = this.#open();
    if (this.#attached.has(event)) return;
    this.#attached.add(event);
    source.addEventListener(event, (e) => {
      let payload: unknown;
      try {
        payload = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of [...(this.#listeners.get(event) ?? [])]) {
        try {
          (l as (p: unknown) => void)(payload);
        } catch (err) {
          // A broken subscriber must not stop the others.
          console.warn(`事件处理出错（${event}）：`, err);
        }
      }
    });
  }

  #close() {
    this.#source?.close();
    this.#source = undefined;
    this.#attached.clear();
  }
}

// ---- operating-system functions, the browser's way ----------------------------------------------

function acceptOf(filters: FileFilter[] | undefined): string {
  const exts = (filters ?? []).flatMap((f) => f.extensions).filter((e) => e && e !== '*');
  return exts.map((e) => (e.startsWith('.') ? e : `.${e}`)).join(',');
}

/** Shows the browser's file chooser; resolves with the chosen files, or [] when cancelled. */
function chooseFiles(options: { filters?: FileFilter[]; multiple?: boolean; directory?: boolean }): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.hidden = true;
    const accept = acceptOf(options.filters);
    if (accept && !options.directory) input.accept = accept;
    if (options.multiple || options.directory) input.multiple = true;
    if (options.directory) {
      input.setAttribute('webkitdirectory', '');
      input.setAttribute('directory', '');
    }
    let settled = false;
    const finish = (files: File[]) => {
      if (settled) return;
      settled = true;
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => finish(Array.from(input.files ?? [])));
    input.addEventListener('cancel', () => finish([]));
    document.body.appendChild(input);
    input.click();
  });
}

async function uploadOne(file: File): Promise<UploadedFile> {
  // Files of a chosen folder keep their relative path in the name (e.g. 2024年/一月.xlsx).
  const name = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
  const result = await post('/upload', {
    headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(name) },
    body: file,
  });
  if (!result.ok) throw new TransportError(result.error.code, `上传“${file.name}”失败：${result.error.message}`);
  return result.value as UploadedFile;
}

// ---- several files as one zip (browser mode) ----------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** `name`, or “name (2).ext” … — unique (case-insensitively) within `taken`. */
export function uniqueEntryName(name: string, taken: Set<string>): string {
  const clean = (name.split(/[\\/]/).pop() ?? '').replace(/[:*?"<>|\u0000-\u001f]/g, '_').trim() || '文件';
  const dot = clean.lastIndexOf('.');
  const stem = dot > 0 ? clean.slice(0, dot) : clean;
  const ext = dot > 0 ? clean.slice(dot) : '';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? clean : `${stem} (${n})${ext}`;
    if (!taken.has(candidate.toLowerCase())) {
      taken.add(candidate.toLowerCase());
      return candidate;
    }
  }
}

/**
 * A zip archive of the given files, stored without compression (xlsx and pdf are compressed already),
 * names in UTF-8 (general-purpose flag bit 11, which Windows Explorer, WPS, 7-Zip and macOS honour).
 * Plain zip: at most 65,535 entries and 4 GiB.
 */
export function zipStore(entries: ReadonlyArray<{ name: string; data: Uint8Array }>, at: Date = new Date()): Blob {
  if (entries.length > 0xffff) throw new TransportError('TOO_LARGE', '文件太多，无法打包为一个压缩文件。');
  const enc = new TextEncoder();
  const time = (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1);
  const date = ((Math.max(at.getFullYear(), 1980) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
  const parts: BlobPart[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const crc = crc32(e.data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed
    local.setUint16(6, 0x0800, true); // UTF-8 names
    local.setUint16(8, 0, true); // stored
    local.setUint16(10, time, true);
    local.setUint16(12, date, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.data.length, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 0, true);
    parts.push(new Uint8Array(local.buffer), name, e.data as Uint8Array<ArrayBuffer>);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true); // made by
    cd.setUint16(6, 20, true);
    cd.setUint16(8, 0x0800, true);
    cd.setUint16(10, 0, true);
    cd.setUint16(12, time, true);
    cd.setUint16(14, date, true);
    cd.setUint32(16, crc, true);
    cd.setUint32(20, e.data.length, true);
    cd.setUint32(24, e.data.length, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    const rec = new Uint8Array(46 + name.length);
    rec.set(new Uint8Array(cd.buffer), 0);
    rec.set(name, 46);
    central.push(rec);
    offset += 30 + name.length + e.data.length;
    if (offset > 0xffffffff) throw new TransportError('TOO_LARGE', '文件总大小超过 4 GB，无法打包为一个压缩文件。');
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central as Uint8Array<ArrayBuffer>[], new Uint8Array(end.buffer)], { type: 'application/zip' });
}

async function fetchExport(file: ExportedFile): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(`/files/exports/${encodeURIComponent(file.id)}`, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new TransportError('NETWORK', NETWORK_MESSAGE);
  }
  if (!res.ok) {
    const e = httpStatusMessage(res.status);
    throw new TransportError(e.code, `读取“${file.name}”失败：${e.message}`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

function clickDownload(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

const os: OsFunctions = {
  async openFiles(options) {
    const files = await chooseFiles(options);
    const uploaded: UploadedFile[] = [];
    // One at a time: large workbooks, a 2-core machine, and a clear error for the file that failed.
    for (const f of files) uploaded.push(await uploadOne(f));
    return uploaded;
  },

  async saveExport(file: ExportedFile) {
    clickDownload(`/files/exports/${encodeURIComponent(file.id)}`, file.name);
    // The browser saves into its download folder; the name is all we can report.
    return file.name;
  },

  async saveExportsToFolder(files: ExportedFile[], options?: { title?: string; zipName?: string }): Promise<SavedToFolder | null> {
    // A web page cannot write into a folder of its choosing, and Chromium lets a page start only one
    // download per user action without its “下载多个文件” prompt — so the files go into one zip.
    const taken = new Set<string>();
    const entries: Array<{ name: string; data: Uint8Array }> = [];
    for (const f of files) entries.push({ name: uniqueEntryName(f.name, taken), data: await fetchExport(f) });
    const zipName = uniqueEntryName(options?.zipName || '导出文件.zip', new Set()).replace(/(\.zip)?$/i, '.zip');
    const url = URL.createObjectURL(zipStore(entries));
    try {
      clickDownload(url, zipName);
    } finally {
      // Give the download a moment to start before the object URL goes.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    }
    return { kind: 'zip', folder: zipName, files: entries.map((e) => e.name) };
  },

  async printToPDF() {
    // The browser's print dialog offers "另存为 PDF"; where it is saved is not known to the page.
    window.print();
    return null;
  },

  async showInFolder() {
    // Not possible from a web page; the browser's download list shows the file.
  },

  async openExternal(url: string) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TransportError('VALIDATION', `无效的链接：${url}`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new TransportError('FORBIDDEN', `不允许打开此类链接：${url}`);
    }
    window.open(parsed.href, '_blank', 'noopener,noreferrer');
  },
};

/** Creates the HTTP imitation of `window.api`. */
export function createHttpBridge(): DesktopBridge {
  const hub = new EventHub();
  return {
    mode: 'browser',
    invoke(name: string, input: unknown) {
      return post(`/api/${encodeURIComponent(name)}`, {
        headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
    },
    on: (event, callback) => hub.on(event, callback),
    os,
  };
}
