import { Writable } from 'node:stream';
import { runCli } from '../../electron/cli';

/** Runs the CLI in-process and captures its output. */
export async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write: (c, _e, cb) => ((stdout += c), cb()) }) as unknown as NodeJS.WriteStream;
  const err = new Writable({ write: (c, _e, cb) => ((stderr += c), cb()) }) as unknown as NodeJS.WriteStream;
  const code = await runCli(argv, out, err);
  let json: any;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}
