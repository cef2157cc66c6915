import { structuredPatch } from 'diff';

export interface UnifiedDiffOptions {
  /** Unchanged lines shown around each change. */
  context?: number;
  /** Stop after this many output lines (a huge diff helps nobody in a terminal). */
  maxLines?: number;
  oldLabel?: string;
  newLabel?: string;
}

/** A unified diff of two texts (jsdiff's hunks), '' when they are equal; cut after `maxLines` lines. */
export function unifiedDiff(oldText: string, newText: string, options: UnifiedDiffOptions = {}): string {
  const { context = 3, maxLines = 80, oldLabel = 'committed', newLabel = 'rendered' } = options;
  const patch = structuredPatch(oldLabel, newLabel, withFinalNewline(oldText), withFinalNewline(newText), undefined, undefined, { context });
  if (patch.hunks.length === 0) return '';
  const out = [`--- ${oldLabel}`, `+++ ${newLabel}`];
  for (const hunk of patch.hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`, ...hunk.lines);
    if (out.length > maxLines) return [...out.slice(0, maxLines), `... (${out.length - maxLines}+ more diff lines)`].join('\n');
  }
  return out.join('\n');
}

/** GNU diff numbers an empty range by the line before it. */
function range(start: number, lines: number): string {
  return `${lines === 0 ? start - 1 : start},${lines}`;
}

// A missing final newline is not what a reader of a render difference cares about.
function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}
