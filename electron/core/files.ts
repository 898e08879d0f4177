// The core's file areas: uploads (files a user chose, copied in by the shell or posted over HTTP) and
// exports (workbooks and PDFs the core generated). Handlers take and return ids, never raw paths, so a
// caller cannot make the core read or write arbitrary files.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { ExportedFile, UploadedFile } from '../../shared/bridge';
import { AppError } from './errors';

const ID = /^[A-Za-z0-9_-]{8,64}$/;

function safeName(name: string): string {
  const base = path.basename(name).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim();
  return base || 'file';
}

export class FileAreas {
  constructor(readonly dataDir: string) {}

  private dir(kind: 'uploads' | 'exports', id: string) {
    if (!ID.test(id)) throw new AppError('VALIDATION', '文件标识无效。');
    return path.join(this.dataDir, kind, id);
  }

  /** Stores bytes as an upload and returns its reference. */
  putUpload(name: string, bytes: Uint8Array): UploadedFile {
    const id = crypto.randomBytes(12).toString('base64url');
    const dir = this.dir('uploads', id);
    fs.mkdirSync(dir, { recursive: true });
    const clean = safeName(name);
    fs.writeFileSync(path.join(dir, clean), bytes);
    return { id, name: clean, size: bytes.byteLength };
  }

  /** Copies a file the user chose (desktop dialog) into the upload area. */
  copyUpload(source: string): UploadedFile {
    return this.putUpload(path.basename(source), fs.readFileSync(source));
  }

  /** The path of an upload, or a clear error when it is gone. */
  uploadPath(id: string): { path: string; name: string } {
    const dir = this.dir('uploads', id);
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    if (names.length !== 1) throw new AppError('NOT_FOUND', '上传的文件已不存在，请重新选择文件。');
    return { path: path.join(dir, names[0]), name: names[0] };
  }

  /** Reserves a path for a new export; write the file there, then call `finishExport`. */
  newExport(name: string): { id: string; path: string; name: string } {
    const id = crypto.randomBytes(12).toString('base64url');
    const dir = this.dir('exports', id);
    fs.mkdirSync(dir, { recursive: true });
    const clean = safeName(name);
    return { id, path: path.join(dir, clean), name: clean };
  }

  finishExport(e: { id: string; path: string; name: string }): ExportedFile {
    return { id: e.id, name: e.name, size: fs.statSync(e.path).size };
  }

  exportPath(id: string): { path: string; name: string } {
    const dir = this.dir('exports', id);
    const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    if (names.length !== 1) throw new AppError('NOT_FOUND', '导出的文件已不存在，请重新导出。');
    return { path: path.join(dir, names[0]), name: names[0] };
  }
}
