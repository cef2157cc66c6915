#!/usr/bin/env node
'use strict';
// Runs the compiled emulator; build it first with `npm run build`.
require('../dist/cli-main.js')
  .main(process.argv.slice(2))
  .catch((error) => {
    process.stderr.write(`kfp-emulator: ${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  });
