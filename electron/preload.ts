// The sandboxed preload: exposes exactly one object, `window.api` (DesktopBridge), to the renderer.
// No ipcRenderer, no require, no Node — only `invoke`, `on`, `os` and `mode`. Bundled by esbuild, so
// the IPC channel names come from shared/bridge.ts; only `electron` is required at run time.
import { contextBridge, ipcRenderer, type IpcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, type DesktopBridge } from '../shared/bridge';
import type { EventMap, EventName } from '../shared/contract/define';
import type { EventMessage } from './ipc';

type IpcLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createBridge(ipc: IpcLike): DesktopBridge {
  const bridge: DesktopBridge = {
    mode: 'desktop',
    invoke: (name: string, input: unknown) => ipc.invoke(IPC.invoke, name, input),
    on<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void {
      const listener = (_e: IpcRendererEvent, message: EventMessage) => {
        if (message && message.event === event) callback(message.payload as EventMap[E]);
      };
      ipc.on(IPC.event, listener);
      return () => {
        ipc.removeListener(IPC.event, listener);
      };
    },
    os: {
      openFiles: (options) => ipc.invoke(IPC.openFiles, options),
      saveExport: (file, options) => ipc.invoke(IPC.saveExport, file, options),
      saveExportsToFolder: (files, options) => ipc.invoke(IPC.saveExportsToFolder, files, options),
      printToPDF: (options) => ipc.invoke(IPC.printToPDF, options),
      showInFolder: (path) => ipc.invoke(IPC.showInFolder, path),
      openExternal: (url) => ipc.invoke(IPC.openExternal, url),
    },
  };
  return bridge;
}

contextBridge.exposeInMainWorld('api', createBridge(ipcRenderer));
