#!/usr/bin/env node
// The `hibob` binary: runs the TypeScript CLI through tsx, so no build step stands
// between a clone and a working command.
require('tsx/cjs');
require('../src/cli/main.ts');
