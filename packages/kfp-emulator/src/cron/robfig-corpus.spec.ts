import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextActivation } from './cron-next';
import { parseCron } from './robfig-cron';

// The shared corpus: what the real github.com/robfig/cron v1.2.0 says about a few
// hundred cron expressions (tools/cron-corpus, regenerated with `npm run cron-corpus`).
// The plugin's own parser is tested against the same file; this emulator must agree
// with robfig on every record, with no exceptions.

interface CorpusRecord {
  expr: string;
  ok: boolean;
  error?: string;
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

const iso = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');

function fireTimes(expr: string): Array<Array<string | null>> | string {
  const parsed = parseCron(expr);
  if (!parsed.ok) return parsed.error;
  return corpus.starts.map((start) => {
    const times: Array<string | null> = [];
    // The emulator's clock is whole epoch seconds; robfig drops the fraction too.
    let cursor = Math.floor(Date.parse(start) / 1000);
    while (times.length < corpus.count) {
      const next = nextActivation(parsed.schedule, cursor);
      if (next === undefined) {
        times.push(null);
        break;
      }
      times.push(iso(next));
      cursor = next;
    }
    return times;
  });
}

describe('the emulator agrees with robfig/cron v1.2.0 on the shared corpus', () => {
  it('has a corpus with both accepted and rejected expressions', () => {
    expect(corpus.records.length).toBeGreaterThan(300);
    expect(corpus.records.filter((r) => r.ok).length).toBeGreaterThan(100);
    expect(corpus.records.filter((r) => !r.ok).length).toBeGreaterThan(100);
  });

  it('accepts exactly what robfig accepts, with the same fire times', () => {
    const disagreements: string[] = [];
    for (const record of corpus.records) {
      const ours = fireTimes(record.expr);
      if (typeof ours === 'string') {
        if (record.ok) disagreements.push(`${JSON.stringify(record.expr)}: robfig accepts it, the emulator says ${ours}`);
      } else if (!record.ok) {
        disagreements.push(`${JSON.stringify(record.expr)}: robfig rejects it (${record.error}), the emulator accepts it`);
      } else if (JSON.stringify(ours) !== JSON.stringify(record.next)) {
        disagreements.push(`${JSON.stringify(record.expr)}: fire times differ: robfig ${JSON.stringify(record.next)}, the emulator ${JSON.stringify(ours)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
