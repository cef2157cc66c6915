// Preloaded (node --require) into a measured process: at exit it writes the
// process's own peak resident set size, in bytes, to KFP_BENCH_PEAK_RSS_FILE.
// The variable is removed at once, so the processes it starts (Nx plugin
// workers) neither inherit it nor overwrite the measurement.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.KFP_BENCH_PEAK_RSS_FILE;
delete process.env.KFP_BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
}
