#!/usr/bin/env node
// In a GitHub Actions deploy job: choose the teams to reconcile (those changed since the last successful deploy, or all).
'use strict';
require('../dist/cli/deploy-base-cli.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
