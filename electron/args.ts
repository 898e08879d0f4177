// A small argument parser for the CLI and browser mode: `--name value`, `--name=value`, `--flag`,
// and positionals. Hand-written because the needs are tiny and a dependency would add more than it saves.
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true | string[]>;
}

export function parseArgs(argv: readonly string[], flags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  const put = (k: string, v: string | true) => {
    const prev = options[k];
    if (prev === undefined) options[k] = v;
    else if (Array.isArray(prev)) prev.push(String(v));
    else options[k] = [String(prev), String(v)];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) put(a.slice(2, eq), a.slice(eq + 1));
      else {
        const key = a.slice(2);
        const next = argv[i + 1];
        if (!flags.has(key) && next !== undefined && !next.startsWith('--')) {
          put(key, next);
          i++;
        } else put(key, true);
      }
    } else positionals.push(a);
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, key: string): string | undefined {
  const v = args.options[key];
  if (v === undefined || v === true) return undefined;
  return Array.isArray(v) ? v[v.length - 1] : v;
}
