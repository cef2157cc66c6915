// The patterns of one .gitignore (or .nxignore, or .ignore: the same syntax), as
// git reads them: the last pattern that matches a path decides whether it is
// ignored or, with `!`, kept.

export type IgnoreVerdict = 'ignore' | 'keep';

interface Rule {
  pattern: RegExp;
  /** No `/` before the end: the pattern is matched against the last name of the path, at any depth. */
  nameOnly: boolean;
  negated: boolean;
  /** A trailing `/`: matches folders only. */
  folderOnly: boolean;
}

export class IgnoreRules {
  private readonly prefix: string;

  private constructor(
    /** The folder the patterns are relative to (absolute, `/`-separated). */
    readonly folder: string,
    private readonly rules: readonly Rule[],
  ) {
    this.prefix = folder === '/' ? '/' : `${folder}/`;
  }

  static parse(text: string, folder: string): IgnoreRules {
    const rules: Rule[] = [];
    for (const raw of text.split(/\r?\n/)) {
      // Trailing spaces are dropped unless escaped; `#` starts a comment line.
      let line = raw.replace(/(?<!\\)\s+$/, '');
      if (line === '' || line.startsWith('#')) continue;
      const negated = line.startsWith('!');
      if (negated) line = line.slice(1);
      const folderOnly = line.endsWith('/') && !line.endsWith('\\/');
      if (folderOnly) line = line.slice(0, -1);
      if (line === '') continue;
      // A `/` before the end anchors the pattern to this folder; without one it matches a name at any depth.
      const nameOnly = !line.includes('/');
      const glob = line.startsWith('/') ? line.slice(1) : line;
      rules.push({ pattern: new RegExp(`^${globSource(glob)}$`), nameOnly, negated, folderOnly });
    }
    return new IgnoreRules(folder.replace(/\/+$/, '') || '/', rules);
  }

  /** What the last matching pattern says about a path (absolute, `/`-separated); undefined when none matches or the path is not below the folder. */
  verdict(path: string, isFolder: boolean): IgnoreVerdict | undefined {
    if (this.rules.length === 0 || !path.startsWith(this.prefix)) return undefined;
    const relative = path.slice(this.prefix.length);
    const name = relative.slice(relative.lastIndexOf('/') + 1);
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i];
      if (rule.folderOnly && !isFolder) continue;
      if (rule.pattern.test(rule.nameOnly ? name : relative)) return rule.negated ? 'keep' : 'ignore';
    }
    return undefined;
  }
}

/** A gitignore glob as a regular expression: `*` and `?` stay within a folder name, `**` as a whole segment spans folders. */
function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*' && (i === 0 || glob[i - 1] === '/') && (i + 2 === glob.length || glob[i + 2] === '/')) {
      // `**/` is any number of folders; a trailing `/**` everything inside.
      if (i + 2 === glob.length) {
        out += '.*';
        i += 1;
      } else {
        out += '(?:[^/]*/)*';
        i += 2;
      }
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[' && classEnd(glob, i) > 0) {
      const end = classEnd(glob, i);
      let body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      out += `(?!/)[${negated ? '^' : ''}${body.replace(/\\(.)/g, '$1').replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRegExp(glob[++i]);
    } else {
      out += escapeRegExp(c);
    }
  }
  return out;
}

/** Where a `[...]` class that starts at `start` ends (a `]` right after `[` or `[!` is part of it); -1 when it is not closed. */
function classEnd(glob: string, start: number): number {
  let i = start + 1;
  if (glob[i] === '!' || glob[i] === '^') i++;
  if (glob[i] === ']') i++;
  for (; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ']') return i;
  }
  return -1;
}

function escapeRegExp(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
