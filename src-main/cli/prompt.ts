import { createInterface } from 'node:readline'

/** Asks for a secret on a terminal without echoing it. */
export function promptSecret(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
    const r = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream }
    let asked = false
    r._writeToOutput = (s: string) => {
      if (!asked) {
        r.output.write(s)
        asked = true
      }
    }
    rl.question(question, (answer) => {
      process.stdout.write('\n')
      rl.close()
      resolve(answer.trim())
    })
  })
}

/** Asks one question on a terminal and answers the typed line. */
export function promptLine(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    rl.question(question, (answer) => {
      rl.close()
      resolve(answer.trim())
    })
  })
}
