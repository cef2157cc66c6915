/** One line of a diff: ' ' kept, '-' only in the old text, '+' only in the new text. */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/**
 * Line diff by longest common subsequence (Myers' greedy algorithm), enough for
 * workflow-sized texts and with no dependency.
 */
export function diffLines(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  // Common head and tail lines need no search; only the middle is diffed.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const keep = (lines: string[]): DiffLine[] => lines.map((text) => ({ op: ' ', text }));
  return [
    ...keep(a.slice(0, head)),
    ...diffMiddle(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...keep(a.slice(a.length - tail)),
  ];
}

/** Beyond this many edits the search's memory grows too large; report a replace instead. */
const MAX_EDIT_DISTANCE = 1000;

function diffMiddle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const v = new Map<number, number>([[1, 0]]);
  const trace: Array<Map<number, number>> = [];
  for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
      let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) return backtrack(trace, a, b, d);
    }
  }
  return [...a.map((text): DiffLine => ({ op: '-', text })), ...b.map((text): DiffLine => ({ op: '+', text }))];
}

function backtrack(trace: Array<Map<number, number>>, a: string[], b: string[], dMax: number): DiffLine[] {
  const out: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = dMax; d >= 0; d--) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) out.push({ op: ' ', text: a[--x] }), y--;
    if (d > 0) {
      if (down) out.push({ op: '+', text: b[--y] });
      else out.push({ op: '-', text: a[--x] });
    }
  }
  return out.reverse();
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface UnifiedDiffOptions {
  /** Unchanged lines shown around each change. */
  context?: number;
  /** Stop after this many output lines. */
  maxLines?: number;
  oldLabel?: string;
  newLabel?: string;
}

/** A compact unified diff (`@@` hunks with context), or '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions = {}): string {
  const { context = 3, maxLines = 80, oldLabel = 'committed', newLabel = 'rendered' } = options;
  const lines = diffLines(oldText, newText);
  const changed = lines.map((l, i) => (l.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i] - context);
    let end = changed[i];
    while (i < changed.length && changed[i] <= end + 2 * context) end = changed[i++];
    end = Math.min(lines.length - 1, end + context);
    const oldStart = lines.slice(0, start).filter((l) => l.op !== '+').length + 1;
    const newStart = lines.slice(0, start).filter((l) => l.op !== '-').length + 1;
    const hunk = lines.slice(start, end + 1);
    const oldCount = hunk.filter((l) => l.op !== '+').length;
    const newCount = hunk.filter((l) => l.op !== '-').length;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const line of hunk) out.push(`${line.op}${line.text}`);
    if (out.length > maxLines) {
      const hidden = out.length - maxLines;
      return [...out.slice(0, maxLines), `... (${hidden}+ more diff lines)`].join('\n');
    }
  }
  return out.join('\n');
}
