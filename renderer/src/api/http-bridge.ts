// Browser mode: the same DesktopBridge the Electron preload exposes as `window.api`, imitated over the
// local HTTP transport (electron/http/server.ts). The page was opened with the launch token, which the
// server exchanged for an HttpOnly cookie; every request here is same-origin and carries that cookie.
import type { ApiError, EventMap, EventName, Result } from '../../../shared/contract/define';
import type { DesktopBridge, ExportedFile, FileFilter, OsFunctions, UploadedFile } from '../../../shared/bridge';

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

const os: OsFunctions = {
  async openFiles(options) {
    const files = await chooseFiles(options);
    const uploaded: UploadedFile[] = [];
    // One at a time: large workbooks, a 2-core machine, and a clear error for the file that failed.
    for (const f of files) uploaded.push(await uploadOne(f));
    return uploaded;
  },

  async saveExport(file: ExportedFile) {
    const a = document.createElement('a');
    a.href = `/files/exports/${encodeURIComponent(file.id)}`;
    a.download = file.name;
    a.rel = 'noopener';
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    // The browser saves into its download folder; the name is all we can report.
    return file.name;
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
