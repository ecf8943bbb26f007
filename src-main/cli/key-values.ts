// `--data k=v` for sends and broadcasts. `k=v` is a string (what a shell gives); `k:=JSON` is a JSON
// value (`n:=3`, `vip:=true`, `items:=["a","b"]`), the convention of HTTPie, so a number or a list
// can reach Liquid with its type. Pure; the CLI turns a thrown message into a usage error (exit 2).

export class KeyValueError extends Error {}

const MAX_KEY_BYTES = 150

export function parseKeyValues(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new KeyValueError(`--data takes KEY=VALUE (or KEY:=JSON), not "${pair}"`)
    const json = pair[eq - 1] === ':'
    const key = pair.slice(0, json ? eq - 1 : eq).trim()
    const raw = pair.slice(eq + 1)
    if (key === '') throw new KeyValueError(`--data "${pair}" has no key before "="`)
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new KeyValueError(`--data key "${key.slice(0, 40)}…" is longer than ${MAX_KEY_BYTES} bytes`)
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new KeyValueError(`--data ${key} is given twice`)
    let value: unknown = raw
    if (json) {
      try {
        value = JSON.parse(raw)
      } catch {
        throw new KeyValueError(`--data ${key}:= needs a JSON value, not ${JSON.stringify(raw)} (quote strings: ${key}:='"text"', or use ${key}=text)`)
      }
    }
    out[key] = value
  }
  return out
}
