// Column-name handling: headers come from spreadsheets typed by people, so "E-mail", "Email Address",
// " first name\u200b" and "FirstName" must all be recognised. Invisible characters (zero-width,
// direction marks, soft hyphens, controls) are stripped before matching because they are never
// meant, and they would otherwise create attribute names that look identical but are not.

// Zero-width and joiners, direction marks/embeddings/isolates, word joiners, BOM, soft hyphen, Arabic letter mark, C0/C1 controls.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c\u0000-\u001f\u007f-\u009f]/g

export function stripInvisible(name: string): string {
  return name.replace(INVISIBLE, '')
}

export function hasInvisible(name: string): boolean {
  INVISIBLE.lastIndex = 0
  const found = INVISIBLE.test(name)
  INVISIBLE.lastIndex = 0
  return found
}

/** "First Name" → first_name, "lastName" → last_name, "E-mail" → e_mail; letters of any script kept. */
export function snakeCase(name: string): string {
  return stripInvisible(name)
    .normalize('NFKC')
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')
}

/** The key two spellings of one name share: snake case without separators ("E-mail" and "email" → email). */
export function matchKey(name: string): string {
  return snakeCase(name).replace(/_/g, '')
}
