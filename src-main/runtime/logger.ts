import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE_MODE } from '../security/private-files'

export type Level = 'info' | 'warn' | 'error'

/**
 * The app log (`<home>/logs/cio-sync.log`). Services never log secrets; as a second line of defence
 * every line is scrubbed of each key value the keychain has handed out in this process.
 */
export class Logger {
  private readonly secrets = new Set<string>()
  private readonly file: string | null

  constructor(home: string | null, private readonly echo: ((line: string) => void) | null = null) {
    if (home) {
      // owner-only: log lines name workspaces, files and people's identifiers
      ensurePrivateDir(join(home, 'logs'))
      this.file = join(home, 'logs', 'cio-sync.log')
      ensurePrivateFile(this.file)
    } else {
      this.file = null
    }
  }

  /** Remember a secret so it can never appear in a log line. */
  redact(value: string | null | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value)
  }

  scrub(text: string): string {
    let out = text
    for (const s of this.secrets) out = out.split(s).join('[redacted]')
    return out
  }

  log(level: Level, message: string): void {
    const line = `${new Date().toISOString()} ${level.toUpperCase()} ${this.scrub(message)}`
    if (this.file) appendFileSync(this.file, line + '\n', { mode: PRIVATE_FILE_MODE })
    this.echo?.(line)
  }

  info(message: string): void {
    this.log('info', message)
  }
  warn(message: string): void {
    this.log('warn', message)
  }
  error(message: string): void {
    this.log('error', message)
  }
}
