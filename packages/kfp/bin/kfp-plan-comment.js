#!/usr/bin/env node
// In a GitHub Actions pull-request job: publish the reconcile plan as one sticky comment and in the job summary.
'use strict';
require('../dist/cli/plan-comment-cli.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
