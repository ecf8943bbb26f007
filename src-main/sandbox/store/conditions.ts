// The sandbox's list endpoints filter on optional query parameters: each one present adds an
// `AND column op ?` with its value bound. One builder instead of a where/params pair per query.

export class Conditions {
  private readonly clauses: string[] = []
  readonly params: unknown[] = []

  /** Always applies. */
  add(sql: string, ...params: unknown[]): this {
    this.clauses.push(sql)
    this.params.push(...params)
    return this
  }

  /** Applies only when `present` (the caller says what "given" means for its parameter). */
  when(present: boolean, sql: string, value: unknown): this {
    return present ? this.add(sql, value) : this
  }

  /** Deliveries within [start, end] (unix seconds) that recorded `metric`; shared by the messages list and the deliveries export. */
  deliveryWindow(prefix: string, start: number | undefined, end: number | undefined, metric: string | undefined): this {
    return this.when(start !== undefined, `${prefix}created >= ?`, start)
      .when(end !== undefined, `${prefix}created <= ?`, end)
      .when(!!metric, `json_extract(${prefix}body, '$.metrics.' || ?) IS NOT NULL`, metric)
  }

  /** `WHERE a AND b …`, or nothing when there is no condition. */
  sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : ''
  }
}
