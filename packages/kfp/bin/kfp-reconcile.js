#!/usr/bin/env node
// Plan or apply a team folder outside Nx's task runner (exit code 2 for --dry-run --detailed-exitcode with changes).
'use strict';
try {
  require('../dist/node-version.js').assertSupportedNode();
} catch (error) {
  console.error(`kfp-reconcile: ${error.message}`);
  process.exit(1);
}
// Keep V8's young generation at its first size. A plan parses a large recurring_runs.yaml and
// pages of job listings, nearly all of which dies young; left to grow, the young generation
// takes the heap to ~100 MB. Measured on a no-op plan of 1,000 runs (npm run bench:plan):
// peak RSS ~215 MB -> ~150 MB, for ~10% more CPU in the extra scavenges.
require('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
require('../dist/cli/reconcile-cli.js').main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`kfp-reconcile: ${error.message}`);
    process.exitCode = 1;
  },
);
