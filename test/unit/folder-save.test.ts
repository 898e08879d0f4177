// Saving several exported files at once (the bulk budget-template export): the desktop shell's folder save
// (the dialog faked, the copying real, on real export areas), the preload's forwarding, and the browser
// mode's zip — written by http-bridge's zipStore and read back with a real zip library (jszip).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import JSZip from 'jszip';

const h = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => null), on: vi.fn(), removeListener: vi.fn() },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
  shell: { openExternal: vi.fn(), showItemInFolder: vi.fn() },
  BrowserWindow: { fromWebContents: vi.fn(() => null) },
  app: { getPath: vi.fn(() => os.tmpdir()) },
  webContents: { getAllWebContents: vi.fn(() => []) },
}));

vi.mock('electron', () => h);

import { IPC } from '../../shared/bridge';
import { freeName, namesIn, safeFileName, saveExportsToFolder, type SenderEvent } from '../../electron/ipc';
import { createBridge } from '../../electron/preload';
import { FileAreas } from '../../electron/core/files';
import { crc32, uniqueEntryName, zipStore } from '../../renderer/src/api/http-bridge';

const trusted = (): SenderEvent => ({ senderFrame: { url: 'app://ufd/index.html' }, sender: { id: 7 } });
let dir: string;
let files: FileAreas;
let core: { env: { files: FileAreas } };

function exported(name: string, content: string) {
  const e = files.newExport(name);
  fs.writeFileSync(e.path, content);
  return files.finishExport(e);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ufd-folder-'));
  files = new FileAreas(path.join(dir, 'data'));
  core = { env: { files } };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('desktop: saveExportsToFolder', () => {
  it('asks for a folder once and copies every file into it, never overwriting an existing file', async () => {
    const a = exported('2026年度预算模板_JC00001_甲工会.xlsx', 'A');
    const b = exported('2026年度预算模板_JC00002_乙工会.xlsx', 'B');
    const same = exported('2026年度预算模板_JC00001_甲工会.xlsx', 'A2');
    const target = path.join(dir, '预算模板');
    fs.mkdirSync(target);
    // A template a unit already filled in lies in the folder.
    fs.writeFileSync(path.join(target, '2026年度预算模板_JC00002_乙工会.xlsx'), 'FILLED');
    h.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [target] });

    const r = await saveExportsToFolder(core, trusted(), [a, b, same], { title: '保存预算模板' });
    expect(h.dialog.showOpenDialog).toHaveBeenCalledTimes(1);
    expect(h.dialog.showOpenDialog.mock.calls[0][0]).toMatchObject({
      title: '保存预算模板',
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
    expect(r).toEqual({
      kind: 'folder',
      folder: target,
      files: [
        path.join(target, '2026年度预算模板_JC00001_甲工会.xlsx'),
        path.join(target, '2026年度预算模板_JC00002_乙工会 (2).xlsx'),
        path.join(target, '2026年度预算模板_JC00001_甲工会 (2).xlsx'),
      ],
    });
    expect(r!.files.map((f) => fs.readFileSync(f, 'utf8'))).toEqual(['A', 'B', 'A2']);
    expect(fs.readFileSync(path.join(target, '2026年度预算模板_JC00002_乙工会.xlsx'), 'utf8')).toBe('FILLED');
  });

  it('creates a folder typed into the dialog, returns null when cancelled, checks ids before asking', async () => {
    const a = exported('a.xlsx', 'x');
    const fresh = path.join(dir, 'new', 'sub');
    h.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [fresh] });
    expect((await saveExportsToFolder(core, trusted(), [a], undefined))!.files).toEqual([path.join(fresh, 'a.xlsx')]);

    h.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await saveExportsToFolder(core, trusted(), [a], undefined)).toBeNull();

    h.dialog.showOpenDialog.mockClear();
    await expect(saveExportsToFolder(core, trusted(), [a, { id: 'AAAAAAAAAAAAAAAA', name: 'gone.xlsx', size: 1 }], undefined)).rejects.toThrow(
      /已不存在/,
    );
    await expect(saveExportsToFolder(core, trusted(), [{ id: '../../etc', name: 'x', size: 0 }], undefined)).rejects.toThrow();
    await expect(saveExportsToFolder(core, trusted(), [], undefined)).rejects.toThrow(/没有要保存的文件/);
    await expect(saveExportsToFolder(core, trusted(), [a], { bogus: 1 })).rejects.toThrow(/参数有误/);
    await expect(saveExportsToFolder(core, { senderFrame: { url: 'https://evil.example/' }, sender: { id: 3 } }, [a], undefined)).rejects.toThrow(
      /拒绝/,
    );
    expect(h.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('file names: no folder parts or reserved characters; free names count up', () => {
    expect(safeFileName('..\\..\\Windows\\a:b*?.xlsx')).toBe('a_b__.xlsx');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('名称. ')).toBe('名称');
    const d = fs.mkdtempSync(path.join(dir, 'free-'));
    fs.writeFileSync(path.join(d, 'x.xlsx'), '');
    const taken = namesIn(d);
    expect([freeName(d, 'x.xlsx', taken), freeName(d, 'x.xlsx', taken), freeName(d, 'X.XLSX', taken), freeName(d, 'y', taken)]).toEqual([
      'x (2).xlsx',
      'x (3).xlsx',
      'X (4).XLSX',
      'y',
    ]);
  });

  it('the preload forwards it on its own channel', async () => {
    const api = createBridge(h.ipcRenderer as never);
    const list = [{ id: 'abcdefgh', name: 'a.xlsx', size: 1 }];
    await api.os.saveExportsToFolder(list, { title: 't', zipName: 'z.zip' });
    expect(h.ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC.saveExportsToFolder, list, { title: 't', zipName: 'z.zip' });
  });
});

describe('browser: one zip', () => {
  it('zipStore writes a zip that a real zip library reads, with UTF-8 names and exact bytes', async () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    const blob = zipStore([
      { name: '2026年度预算模板_JC00001_甲工会.xlsx', data: enc.encode('甲') },
      { name: 'big.bin', data: bytes },
      { name: '空.txt', data: new Uint8Array(0) },
    ]);
    expect(blob.type).toBe('application/zip');
    const zip = await JSZip.loadAsync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.keys(zip.files)).toEqual(['2026年度预算模板_JC00001_甲工会.xlsx', 'big.bin', '空.txt']);
    expect(await zip.file('2026年度预算模板_JC00001_甲工会.xlsx')!.async('string')).toBe('甲');
    expect(Buffer.from(await zip.file('big.bin')!.async('uint8array')).equals(Buffer.from(bytes))).toBe(true);
    expect((await zip.file('空.txt')!.async('uint8array')).length).toBe(0);
    // The `unzip -t` check of the format: the names carry the UTF-8 flag (bit 11).
    const raw = new DataView(await blob.arrayBuffer());
    expect(raw.getUint32(0, true)).toBe(0x04034b50);
    expect(raw.getUint16(6, true) & 0x0800).toBe(0x0800);
  });

  it('crc32 and entry names', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const taken = new Set<string>();
    expect([uniqueEntryName('a.xlsx', taken), uniqueEntryName('A.xlsx', taken), uniqueEntryName('dir/../b:c.xlsx', taken), uniqueEntryName('', taken)]).toEqual([
      'a.xlsx',
      'A (2).xlsx',
      'b_c.xlsx',
      '文件',
    ]);
  });
});
