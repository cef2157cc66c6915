import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCron } from './parse-cron';
import { nextActivation } from './schedule-next';

// The shared corpus: what the real github.com/robfig/cron v1.2.0 says about a few
// hundred cron expressions (tools/cron-corpus, regenerated with `npm run cron-corpus`).
// The KFP emulator's parser is tested against the same file. This parser must agree
// with robfig on every record, except where it refuses on purpose what robfig
// accepts: those cases are listed below, each with its reason, and nothing else may differ.

interface CorpusRecord {
  expr: string;
  ok: boolean;
  error?: string;
  /** For an accepted `@every`: the duration Go parsed, in nanoseconds. */
  everyNs?: string;
  /** Per start: up to `count` fire times; null where robfig's Next returned the zero time. */
  next?: Array<Array<string | null>>;
}
interface Corpus {
  count: number;
  starts: string[];
  records: CorpusRecord[];
}

const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
const corpus = JSON.parse(readFileSync(join(REPO_ROOT, 'tools/cron-corpus/robfig-v1.2.0.json'), 'utf8')) as Corpus;

const fieldsOf = (expr: string): string[] => (expr.startsWith('@') ? [] : expr.split(/\s+/).filter((f) => f !== ''));

/** What robfig accepts and this parser refuses on purpose (parse-cron.ts says why). */
const INTENDED_REFUSALS: Array<{ reason: string; applies: (record: CorpusRecord) => boolean }> = [
  {
    reason: '@every with a zero or negative duration: robfig runs it every second, never what was meant',
    applies: (r) => r.everyNs !== undefined && BigInt(r.everyNs) <= 0n,
  },
  {
    reason: 'a field that lists nothing (only commas): robfig reads it as no values, so the schedule never fires or ignores a day field',
    applies: (r) => fieldsOf(r.expr).some((f) => /^,+$/.test(f)),
  },
  {
    reason: 'a range that starts with * or ? (`*-5`): robfig ignores everything after the star',
    applies: (r) => fieldsOf(r.expr).some((f) => f.split(',').some((item) => /^[*?]-/.test(item))),
  },
];

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function fireTimes(expr: string): Array<Array<string | null>> | string {
  const parsed = parseCron(expr);
  if (!parsed.ok) return parsed.message;
  return corpus.starts.map((start) => {
    const times: Array<string | null> = [];
    let cursor = Date.parse(start);
    while (times.length < corpus.count) {
      const next = nextActivation(parsed.schedule, cursor);
      if (next === null) {
        times.push(null);
        break;
      }
      times.push(iso(next));
      cursor = next;
    }
    return times;
  });
}

describe('parseCron agrees with robfig/cron v1.2.0 on the shared corpus', () => {
  it('has a corpus with both accepted and rejected expressions', () => {
    expect(corpus.records.length).toBeGreaterThan(300);
    expect(corpus.records.filter((r) => r.ok).length).toBeGreaterThan(100);
    expect(corpus.records.filter((r) => !r.ok).length).toBeGreaterThan(100);
  });

  it('accepts what robfig accepts, with the same fire times, but for the intended refusals', () => {
    const disagreements: string[] = [];
    const refusalsSeen = new Set<string>();
    for (const record of corpus.records) {
      const ours = fireTimes(record.expr);
      const refusal = record.ok ? INTENDED_REFUSALS.find((r) => r.applies(record)) : undefined;
      if (refusal) {
        refusalsSeen.add(refusal.reason);
        if (typeof ours !== 'string') disagreements.push(`${JSON.stringify(record.expr)}: expected a refusal (${refusal.reason}), the plugin accepts it`);
      } else if (typeof ours === 'string') {
        if (record.ok) disagreements.push(`${JSON.stringify(record.expr)}: robfig accepts it, the plugin says ${ours}`);
      } else if (!record.ok) {
        disagreements.push(`${JSON.stringify(record.expr)}: robfig rejects it (${record.error}), the plugin accepts it`);
      } else if (JSON.stringify(ours) !== JSON.stringify(record.next)) {
        disagreements.push(`${JSON.stringify(record.expr)}: fire times differ: robfig ${JSON.stringify(record.next)}, the plugin ${JSON.stringify(ours)}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Every listed refusal is exercised by the corpus, so none stays listed after it stops being true.
    expect([...refusalsSeen].sort()).toEqual(INTENDED_REFUSALS.map((r) => r.reason).sort());
  });
});
