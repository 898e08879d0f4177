// The renderer's one way to the core. `api.invoke('system.info', {})` is typed from the contract
// (shared/contract): a renamed handler or a wrong input breaks the build. In the desktop app it goes
// through `window.api` (the Electron preload); in a browser it goes over the local HTTP transport.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DesktopBridge, OsFunctions } from '../../../shared/bridge';
import type {
  ApiError,
  ErrorDetail,
  EventMap,
  EventName,
  HandlerName,
  InputOf,
  OutputOf,
  ProgressEvent,
} from '../../../shared/contract';
import { createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    api?: DesktopBridge | undefined;
  }
}

/** A call that the core (or the transport) answered with `{ ok: false }`. */
export class ApiCallError extends Error implements ApiError {
  readonly code: string;
  readonly details?: ErrorDetail[];
  /** The handler that was called, when the error came from a call. */
  readonly handler?: string;

  constructor(error: ApiError, handler?: string) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
    this.details = error.details;
    this.handler = handler;
  }

  /** Any thrown value as an ApiCallError (IPC failures, browser errors). */
  static from(e: unknown, handler?: string): ApiCallError {
    if (e instanceof ApiCallError) return e;
    const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'TRANSPORT';
    const message = e instanceof Error && e.message ? e.message : '与本机服务通信失败。';
    return new ApiCallError({ code, message }, handler);
  }
}

let httpBridge: DesktopBridge | undefined;

/** Listeners told when a call is refused because the session has ended (code UNAUTHENTICATED). */
const sessionEndedListeners = new Set<(error: ApiCallError) => void>();

/** `window.api` in the desktop app, else the HTTP imitation (created once). */
function bridge(): DesktopBridge {
  if (typeof window !== 'undefined' && window.api) return window.api;
  return (httpBridge ??= createHttpBridge());
}

/** The OS functions with every failure turned into an ApiCallError. */
function wrapOs(os: OsFunctions): OsFunctions {
  const wrap =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await f(...args);
      } catch (e) {
        throw ApiCallError.from(e);
      }
    };
  return {
    openFiles: wrap(os.openFiles.bind(os)),
    saveExport: wrap(os.saveExport.bind(os)),
    saveExportsToFolder: wrap(os.saveExportsToFolder.bind(os)),
    printToPDF: wrap(os.printToPDF.bind(os)),
    showInFolder: wrap(os.showInFolder.bind(os)),
    openExternal: wrap(os.openExternal.bind(os)),
  };
}

let wrappedOs: { from: OsFunctions; wrapped: OsFunctions } | undefined;

export const api = {
  /** Calls a handler; resolves with its value or throws an ApiCallError with the core's message. */
  async invoke<N extends HandlerName>(name: N, input: InputOf<N>): Promise<OutputOf<N>> {
    let result;
    try {
      result = await bridge().invoke(name, input);
    } catch (e) {
      throw ApiCallError.from(e, name);
    }
    if (!result || typeof result !== 'object') {
      throw new ApiCallError({ code: 'TRANSPORT', message: '本机服务返回了无法识别的结果。' }, name);
    }
    if (!result.ok) {
      const error = new ApiCallError(result.error, name);
      if (error.code === 'UNAUTHENTICATED') {
        for (const l of [...sessionEndedListeners]) l(error);
      }
      throw error;
    }
    return result.value as OutputOf<N>;
  },

  /**
   * Called whenever the core refuses a call because nobody is signed in on this window any more (idle
   * time-out, a restore, an administrator ending the session). Returns the unsubscribe function.
   */
  onSessionEnded(callback: (error: ApiCallError) => void): () => void {
    sessionEndedListeners.add(callback);
    return () => {
      sessionEndedListeners.delete(callback);
    };
  },

  /** Subscribes to a core event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void {
    return bridge().on(event, callback);
  },

  /** File dialogs, saving exports, printing — the desktop's or the browser's way. */
  get os(): OsFunctions {
    const from = bridge().os;
    if (wrappedOs?.from !== from) wrappedOs = { from, wrapped: wrapOs(from) };
    return wrappedOs.wrapped;
  },

  /** 'desktop' in Electron, 'browser' over HTTP. */
  get mode(): 'desktop' | 'browser' {
    return bridge().mode;
  },
};

export type Api = typeof api;

// ---- React hooks ---------------------------------------------------------------------------------

export interface ApiState<T> {
  data: T | undefined;
  error: ApiCallError | undefined;
  loading: boolean;
  /** Calls again (keeps the old data visible while loading). */
  reload: () => void;
}

/**
 * Calls a handler when the component mounts and whenever the input changes (compared by value), and
 * keeps the latest answer. Answers to superseded calls are dropped. `enabled: false` skips the call.
 */
export function useApi<N extends HandlerName>(
  name: N,
  input: InputOf<N>,
  options: { enabled?: boolean } = {},
): ApiState<OutputOf<N>> {
  const enabled = options.enabled ?? true;
  const key = JSON.stringify(input ?? {});
  const [state, setState] = useState<{ data?: OutputOf<N>; error?: ApiCallError; loading: boolean }>({ loading: enabled });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (!enabled) {
      // Not wanted (e.g. the user's roles may not call it): no call, no data.
      latest.current++;
      setState({ loading: false });
      return;
    }
    const id = ++latest.current;
    setState((s) => ({ data: s.data, error: undefined, loading: true }));
    api.invoke(name, JSON.parse(key) as InputOf<N>).then(
      (data) => {
        if (latest.current === id) setState({ data, error: undefined, loading: false });
      },
      (e: unknown) => {
        if (latest.current === id) setState((s) => ({ data: s.data, error: ApiCallError.from(e, name), loading: false }));
      },
    );
    return () => {
      // An unmounted component or a changed input: its pending answer is no longer wanted.
      if (latest.current === id) latest.current++;
    };
  }, [name, key, generation, enabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * The latest progress report of long tasks (imports, exports, recalculations), optionally only of one
 * task (the handler name). `null` until the first report arrives.
 */
export function useProgress(task?: string): ProgressEvent | null {
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  useEffect(() => {
    return api.on('progress', (p) => {
      if (!task || p.task === task) setProgress(p);
    });
  }, [task]);
  return progress;
}
