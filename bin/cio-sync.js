#!/usr/bin/env node
// The CLI runs from the TypeScript sources through tsx, so `npx cio-sync` works on a fresh clone
// without a build step.
require('tsx/cjs')
require('../src-main/cli/main.ts').main()
