import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The corpus as both robfig-corpus specs read it: the harness is shared, the
// two parsers under test stay apart (README.md says why).

/** One expression and what robfig/cron v1.2.0 made of it. */
export interface CorpusRecord {
  expr: string;
  ok: boolean;
  error?: string;
  /** For an accepted `@every`: the duration Go parsed, in nanoseconds. */
  everyNs?: string;
  /** Per start: up to `count` fire times; null where robfig's Next returned the zero time. */
  next?: FireTimes;
}
export type FireTimes = Array<Array<string | null>>;

interface Corpus {
  count: number;
  starts: string[];
  records: CorpusRecord[];
}

export const corpus = JSON.parse(readFileSync(join(__dirname, 'robfig-v1.2.0.json'), 'utf8')) as Corpus;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * A schedule's fire times from each start of the corpus, written as its
 * records write them. `next` gives the first activation after an epoch
 * millisecond, or null when there is none.
 */
export function fireTimesFromStarts(next: (afterMs: number) => number | null): FireTimes {
  return corpus.starts.map((start) => {
    const times: Array<string | null> = [];
    let cursor = Date.parse(start);
    while (times.length < corpus.count) {
      const fire = next(cursor);
      if (fire === null) {
        times.push(null);
        break;
      }
      times.push(iso(fire));
      cursor = fire;
    }
    return times;
  });
}

/**
 * Where a parser and robfig disagree, one line each. `answer` gives the
 * parser's fire times for an expression, or its reason to refuse it;
 * `intendedRefusal` names why the parser refuses on purpose an expression
 * robfig accepts, where it does.
 */
export function disagreementsWithRobfig(
  parser: string,
  answer: (expr: string) => FireTimes | string,
  intendedRefusal: (record: CorpusRecord) => string | undefined = () => undefined,
): string[] {
  const disagreements: string[] = [];
  for (const record of corpus.records) {
    const ours = answer(record.expr);
    const expr = JSON.stringify(record.expr);
    const refusal = record.ok ? intendedRefusal(record) : undefined;
    if (refusal) {
      if (typeof ours !== 'string') disagreements.push(`${expr}: expected a refusal (${refusal}), ${parser} accepts it`);
    } else if (typeof ours === 'string') {
      if (record.ok) disagreements.push(`${expr}: robfig accepts it, ${parser} says ${ours}`);
    } else if (!record.ok) {
      disagreements.push(`${expr}: robfig rejects it (${record.error}), ${parser} accepts it`);
    } else if (JSON.stringify(ours) !== JSON.stringify(record.next)) {
      disagreements.push(`${expr}: fire times differ: robfig ${JSON.stringify(record.next)}, ${parser} ${JSON.stringify(ours)}`);
    }
  }
  return disagreements;
}
