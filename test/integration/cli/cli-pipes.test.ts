import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/cli'

// Issue 14 item 17: `cio-sync … | head -1` printed an EPIPE stack trace (Node's unhandled 'error'
// event on stdout) and exited 1 once `head` had its line and closed the pipe. Real shell pipelines
// into GNU head, on the built-in Sandbox workspace (no keychain needed), with output far larger
// than a pipe's buffer so the write after head exits is certain to fail.
const root = resolve(__dirname, '../../..')
const home = mkdtempSync(join(tmpdir(), 'cio-sync-pipes-'))
const env = { CIO_SYNC_SANDBOX_PEOPLE: '1200' }

/** Runs `cio-sync ARGS | head -1` in bash; answers cio-sync's exit code, what head printed and bash's stderr. */
function pipeToHead(args: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const cmd = `node ${JSON.stringify(join(root, 'bin/cio-sync.js'))} --home ${JSON.stringify(home)} ${args} | head -1; exit \${PIPESTATUS[0]}`
  return new Promise((res) => {
    const child = spawn('bash', ['-c', cmd], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => res({ code: code ?? -1, stdout, stderr }))
  })
}

beforeAll(async () => {
  const pull = await runCli(['--home', home, '--json', 'pull', '--only', 'people'], env)
  expect(pull.code, pull.stderr).toBe(0)
  const runs = await runCli(['--home', home, 'pull', '--only', 'segments'], env)
  expect(runs.code, runs.stderr).toBe(0)
}, 120_000)

describe('output piped into head', () => {
  it('people search --json: head gets the start of the document, no stack trace, exit 0', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await pipeToHead('--json people search sbx --limit 1000')
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout.startsWith('{"total":1200,"rows":[')).toBe(true)
    }
  }, 60_000)

  it('people search and runs in human form end quietly too', async () => {
    const search = await pipeToHead('people search sbx --limit 1000')
    expect(search).toMatchObject({ code: 0, stderr: '' })
    expect(search.stdout).toMatch(/^1200 matches/)
    const runs = await pipeToHead('runs')
    expect(runs).toMatchObject({ code: 0, stderr: '' })
    expect(runs.stdout.split('\n').filter(Boolean)).toHaveLength(1)
  }, 60_000)
})
