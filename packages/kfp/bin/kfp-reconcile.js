#!/usr/bin/env node
// Plan or apply a team folder outside Nx's task runner (exit code 2 for --dry-run --detailed-exitcode with changes).
'use strict';
try {
  require('../dist/node-version.js').assertSupportedNode();
} catch (error) {
  console.error(`kfp-reconcile: ${error.message}`);
  process.exit(1);
}
require('../dist/cli/reconcile-cli.js').main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`kfp-reconcile: ${error.message}`);
    process.exitCode = 1;
  },
);
