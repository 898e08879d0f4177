// The CLI's command model: each command names itself (one or more words), runs against the core and
// returns a JSON-able result; `--json` prints that result, otherwise its text form.
import type { ParsedArgs } from '../args';

export interface CliCommand {
  /** Words that select the command, e.g. ['api', 'list']. */
  words: string[];
  summary: string;
  usage: string;
  /** Flags that take no value. */
  flags?: string[];
  run(args: ParsedArgs): Promise<unknown>;
  /** Human-readable rendering of the result (defaults to pretty JSON). */
  text?(result: any): string;
  /** Non-zero exit code for a result that reports a failure (e.g. a rejected import). */
  exitCode?(result: any): number;
}
