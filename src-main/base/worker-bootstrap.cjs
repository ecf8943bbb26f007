// Runs the engine worker from TypeScript source (CLI, headless host and tests under plain Node):
// tsx compiles on the fly. The built Electron app loads out/main/engine-worker.js instead.
require('tsx/cjs')
require(require('node:worker_threads').workerData.entry)
