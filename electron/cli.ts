// The command-line interface: the same core for scripts, batch work and the annual review.
//   npm run cli -- <command> [--db FILE] [--json]
// Every failure exits non-zero with a Chinese message and an error code.
import { parseArgs } from './args';
import type { CliCommand } from './cli/command';
import { platformCommands } from './cli/platform-commands';
import { orgCommands } from './cli/org-commands';
import { backupCommands } from './cli/backup-commands';
import { budgetCommands } from './cli/budget-commands';
import { ledgerCommands } from './cli/ledger-commands';
import { expenseCommands } from './cli/expense-commands';
import { collectionCommands } from './cli/collection-commands';
import { oversightCommands } from './cli/oversight-commands';
import { assessmentCommands } from './cli/assessment-commands';
import { AppError } from './core/errors';

export const commands: CliCommand[] = [...platformCommands, ...orgCommands, ...backupCommands, ...ledgerCommands, ...budgetCommands,
  ...expenseCommands, ...collectionCommands, ...oversightCommands, ...assessmentCommands];

function usage(): string {
  return [
    '县级工会财务工作台 命令行工具',
    '用法：npm run cli -- <命令> [参数]   （或 union-finance <命令>）',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(48)} ${c.summary}`),
    '',
    '通用参数：--json 以 JSON 输出结果；出错时以非零状态退出并给出错误代码。',
  ].join('\n');
}

function findCommand(words: string[]): CliCommand | undefined {
  return commands
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0];
}

export async function runCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const pre = parseArgs(argv);
  const json = Boolean(pre.options.json);
  const cmd = findCommand(pre.positionals);
  if (!cmd || pre.options.help) {
    (cmd || pre.options.help ? out : err).write(usage() + '\n');
    if (!cmd && !pre.options.help && pre.positionals.length) {
      const msg = `未知命令：${pre.positionals.join(' ')}`;
      if (json) out.write(JSON.stringify({ ok: false, error: { code: 'USAGE', message: msg } }) + '\n');
      else err.write(`错误（USAGE）：${msg}\n`);
    }
    return pre.options.help ? 0 : 2;
  }
  const args = parseArgs(argv, new Set(['json', 'help', ...(cmd.flags ?? [])]));
  args.positionals = args.positionals.slice(cmd.words.length);
  try {
    const result = await cmd.run(args);
    out.write((json ? JSON.stringify(result, null, 2) : cmd.text ? cmd.text(result) : JSON.stringify(result, null, 2)) + '\n');
    return cmd.exitCode?.(result) ?? 0;
  } catch (e) {
    const code = e instanceof AppError ? e.code : 'INTERNAL';
    const message = e instanceof AppError ? e.message : `内部错误：${(e as Error)?.message ?? e}`;
    if (json) out.write(JSON.stringify({ ok: false, error: { code, message, details: (e as AppError).details } }) + '\n');
    else err.write(`错误（${code}）：${message}\n`);
    if (!(e instanceof AppError) && process.env.UFD_DEBUG) err.write(String((e as Error).stack) + '\n');
    return code === 'USAGE' ? 2 : 1;
  }
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
