import { disagreementsWithRobfig, fireTimesFromStarts, type FireTimes } from '../../../../tools/cron-corpus/corpus';
import { nextActivation } from './cron-next';
import { parseCron } from './robfig-cron';

// The shared corpus: what the real github.com/robfig/cron v1.2.0 says about a few
// hundred cron expressions (tools/cron-corpus, regenerated with `npm run cron-corpus`).
// The plugin's own parser is tested against the same file; this emulator must agree
// with robfig on every record, with no exceptions.

function fireTimes(expr: string): FireTimes | string {
  const parsed = parseCron(expr);
  if (!parsed.ok) return parsed.error;
  // The emulator's clock is whole epoch seconds; robfig drops the fraction too.
  return fireTimesFromStarts((afterMs) => {
    const next = nextActivation(parsed.schedule, Math.floor(afterMs / 1000));
    return next === undefined ? null : next * 1000;
  });
}

describe('the emulator agrees with robfig/cron v1.2.0 on the shared corpus', () => {
  it('accepts exactly what robfig accepts, with the same fire times', () => {
    const disagreements = disagreementsWithRobfig('the emulator', fireTimes);
    expect(disagreements).toEqual([]);
  });
});
