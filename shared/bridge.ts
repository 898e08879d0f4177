// The one object the preload exposes to the renderer as `window.api` (desktop), and which the
// renderer's HTTP client imitates in browser mode. Never raw ipcRenderer, never "run SQL".
import type { EventMap, EventName, Result } from './contract/define';

/** A file the user chose, copied into the core's upload area; handlers take its id. */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
}

/** A file the core generated (Excel, PDF) in its export area, ready to be saved or downloaded. */
export interface ExportedFile {
  id: string;
  name: string;
  size: number;
}

/** Where several generated files were saved (OsFunctions.saveExportsToFolder). */
export interface SavedToFolder {
  /** 'folder': written into a folder the user chose (desktop); 'zip': downloaded as one zip (browser). */
  kind: 'folder' | 'zip';
  /** The chosen folder's path (desktop), or the downloaded zip's name (browser). */
  folder: string;
  /** The saved files: full paths (desktop) or the names inside the zip (browser), in the order given. */
  files: string[];
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OsFunctions {
  /** Open-file dialog; chosen files (or every file of a chosen folder) are copied into the upload area. */
  openFiles(options: { title?: string; filters?: FileFilter[]; multiple?: boolean; directory?: boolean }): Promise<UploadedFile[]>;
  /** Save-file dialog for a generated file; returns the path saved to, or null when cancelled. */
  saveExport(file: ExportedFile, options?: { title?: string }): Promise<string | null>;
  /**
   * Saves several generated files at once (e.g. every unit's budget template). Desktop: a folder dialog,
   * then each file is copied into the chosen folder — an existing file of the same name is never
   * overwritten, the new one gets “名称 (2).xlsx”. Browser: one zip download holding the files (one download
   * instead of hundreds, which Chromium would stop after the first behind its “下载多个文件” prompt).
   * Returns null when the user cancelled the dialog.
   */
  saveExportsToFolder(files: ExportedFile[], options?: { title?: string; zipName?: string }): Promise<SavedToFolder | null>;
  /** Prints the current window to PDF through a save dialog; returns the path or null. */
  printToPDF(options: { defaultName: string; landscape?: boolean }): Promise<string | null>;
  /** Shows a saved file in the system file manager. */
  showInFolder(path: string): Promise<void>;
  /** Opens an https link in the system browser (checked against an allow-list in the shell). */
  openExternal(url: string): Promise<void>;
}

export interface DesktopBridge {
  invoke(name: string, input: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, callback: (payload: EventMap[E]) => void): () => void;
  os: OsFunctions;
  /** 'desktop' in Electron; the HTTP client reports 'browser'. */
  readonly mode: 'desktop' | 'browser';
}

/** IPC channel names shared by main and preload. */
export const IPC = {
  invoke: 'ufd:invoke',
  event: 'ufd:event',
  openFiles: 'ufd:os:openFiles',
  saveExport: 'ufd:os:saveExport',
  saveExportsToFolder: 'ufd:os:saveExportsToFolder',
  printToPDF: 'ufd:os:printToPDF',
  showInFolder: 'ufd:os:showInFolder',
  openExternal: 'ufd:os:openExternal',
} as const;
