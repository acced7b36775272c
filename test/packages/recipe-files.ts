// Small readers for the deploy recipes' formats (docs/deploy/): a systemd unit, its command lines and
// environment files, a Dockerfile and a .dockerignore. Each covers what the recipes use, with the
// tools' own rules for it; anything else is an error rather than a guess.

/** A systemd unit: each section's settings in order (a key may repeat, as `Environment=` does). */
export type Unit = Map<string, Array<[key: string, value: string]>>;

export function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Array<[string, string]> | undefined;
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = [];
      unit.set(header[1]!, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 1) throw new Error(`not a unit file line: ${line}`);
    section.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return unit;
}

/** Every value of `key` in `section`, in order. */
export const unitValues = (unit: Unit, section: string, key: string): string[] =>
  (unit.get(section) ?? []).filter(([k]) => k === key).map(([, v]) => v);

/** Words of a command line or an `Environment=` value: whitespace-separated, "double" or 'single' quoted, `\` escapes. */
export function words(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (quote) {
      if (ch === quote) quote = '';
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unclosed quote in: ${text}`);
  if (inWord) out.push(word);
  return out;
}

/** An environment file (systemd's `EnvironmentFile=`, compose's `.env`): `KEY=VALUE` lines, `#` comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`not a KEY=VALUE line: ${line}`);
    const value = m[2]!;
    env[m[1]!] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return env;
}

/**
 * A service's environment as systemd builds it: the `Environment=` assignments in order, then each
 * `EnvironmentFile=` (a leading `-`: may be missing), whose settings override them. `readFile` answers a
 * file's text for the path the unit names.
 */
export function unitEnvironment(unit: Unit, readFile: (path: string) => string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of unitValues(unit, 'Service', 'Environment')) {
    for (const assignment of words(line)) {
      const eq = assignment.indexOf('=');
      if (eq < 1) throw new Error(`Environment=: not an assignment: ${assignment}`);
      env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
    }
  }
  for (const line of unitValues(unit, 'Service', 'EnvironmentFile')) {
    const optional = line.startsWith('-');
    const path = optional ? line.slice(1) : line;
    const text = readFile(path);
    if (text === undefined && !optional) throw new Error(`EnvironmentFile=${path} does not exist`);
    Object.assign(env, parseEnvFile(text ?? ''));
  }
  return env;
}

/**
 * An `Exec*=` line as the argv systemd runs: its prefixes (`-`, `@`, `:`, `+`, `!`) dropped, `${VAR}`
 * expanded within a word, and a word that is only `$VAR` expanded into the words of its value.
 */
export function execArgv(line: string, env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const word of words(line.replace(/^[-@:+!]+/, ''))) {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole) out.push(...(env[whole[1]!] ?? '').split(/\s+/).filter(Boolean));
    else out.push(word.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, k: string) => env[k] ?? ''));
  }
  return out;
}

/** One Dockerfile instruction: its keyword (upper case), leading `--flag=value`s and the rest. */
export interface Instruction {
  op: string;
  flags: Record<string, string>;
  args: string;
}

/** A build stage: its base, its name (`FROM … AS name`) and its instructions. */
export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** A Dockerfile's stages. Continuation lines are joined; comment lines (also inside a continuation) are dropped, as Docker does. */
export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (!line && !pending)) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const joined = (pending + line).trim();
    pending = '';
    if (joined) logical.push(joined);
  }
  if (pending.trim()) logical.push(pending.trim());
  const stages: Stage[] = [];
  for (const line of logical) {
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    let rest = m[2]!;
    const flags: Record<string, string> = {};
    for (let f = /^--([a-z-]+)=(\S*)\s*/.exec(rest); f; f = /^--([a-z-]+)=(\S*)\s*/.exec(rest)) {
      flags[f[1]!] = f[2]!;
      rest = rest.slice(f[0].length);
    }
    const op = m[1]!.toUpperCase();
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`FROM: cannot read "${rest}"`);
      stages.push({ from: from[1]!, name: from[2]?.toLowerCase(), instructions: [] });
    } else {
      if (!stages.length) throw new Error(`${op} before the first FROM`);
      stages.at(-1)!.instructions.push({ op, flags, args: rest });
    }
  }
  return stages;
}

/** `CMD`/`ENTRYPOINT`/`HEALTHCHECK … CMD` arguments: the exec form (a JSON array) only, so nothing depends on a shell. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`not an exec-form array: ${args}`);
  return parsed;
}

/** `ENV a=1 b="two words"` (or the old `ENV a 1`) as assignments. */
export function envAssignments(args: string): Array<[string, string]> {
  const list = words(args);
  if (list.length && !list[0]!.includes('=')) return [[list[0]!, list.slice(1).join(' ')]];
  return list.map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]);
}

/** `$VAR` and `${VAR}` in a Dockerfile value. */
export const expandDockerVars = (value: string, env: Record<string, string | undefined>): string =>
  value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? '');

/** A .dockerignore pattern as a regular expression over a context-relative path (`*`, `?`, `**`). */
function globPattern(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * A .dockerignore as a test for context-relative paths: a path is left out when the last pattern that
 * matches it or one of its parent folders is not a `!` exception (Docker's rule).
 */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const keep = l.startsWith('!');
      const pattern = (keep ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { keep, re: globPattern(pattern) };
    });
  return (path: string) => {
    const parts = path.replace(/^\.\//, '').split('/').filter((p) => p && p !== '.');
    const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (prefixes.some((p) => rule.re.test(p))) excluded = !rule.keep;
    return excluded;
  };
}

/** `value` with each absolute path in `folders` (a server path such as /opt/rescuekit) replaced by the folder standing in for it. */
export const mapPaths = (value: string, folders: Record<string, string>): string =>
  Object.entries(folders).reduce((v, [from, to]) => v.replace(new RegExp(`${from.replace(/[/.]/g, '\\$&')}(?=/|$|\\s|")`, 'g'), to), value);
