import { disagreementsWithRobfig, fireTimesFromStarts, type CorpusRecord, type FireTimes } from '../../../../tools/cron-corpus/corpus';
import { parseCron } from './parse-cron';
import { nextActivation } from './schedule-next';

// The shared corpus: what the real github.com/robfig/cron v1.2.0 says about a few
// hundred cron expressions (tools/cron-corpus, regenerated with `npm run cron-corpus`).
// The KFP emulator's parser is tested against the same file. This parser must agree
// with robfig on every record, except where it refuses on purpose what robfig
// accepts: those cases are listed below, each with its reason, and nothing else may differ.

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

function fireTimes(expr: string): FireTimes | string {
  const parsed = parseCron(expr);
  if (!parsed.ok) return parsed.message;
  return fireTimesFromStarts((afterMs) => nextActivation(parsed.schedule, afterMs));
}

describe('parseCron agrees with robfig/cron v1.2.0 on the shared corpus', () => {
  it('accepts what robfig accepts, with the same fire times, but for the intended refusals', () => {
    const refusalsSeen = new Set<string>();
    const disagreements = disagreementsWithRobfig('the plugin', fireTimes, (record) => {
      const refusal = INTENDED_REFUSALS.find((r) => r.applies(record));
      if (refusal) refusalsSeen.add(refusal.reason);
      return refusal?.reason;
    });
    expect(disagreements).toEqual([]);
    // Every listed refusal is exercised by the corpus, so none stays listed after it stops being true.
    expect([...refusalsSeen].sort()).toEqual(INTENDED_REFUSALS.map((r) => r.reason).sort());
  });
});
