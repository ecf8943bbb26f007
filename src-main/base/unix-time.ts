// Customer.io's APIs give times as Unix seconds; the mirror, the contract and the UI keep
// milliseconds. One conversion for every reader of an API answer.

/** Unix seconds from an API answer → milliseconds; anything that is not a number → null. */
export function secondsToMs(seconds: unknown): number | null {
  return typeof seconds === 'number' ? seconds * 1000 : null
}
