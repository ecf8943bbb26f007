import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'

// The data folder holds customer data (the mirror: names, emails, attributes; the logs; the
// embedded sandbox, whose file also keeps its API keys). With the usual umask 022 everything was
// created readable by every local user (files 0644, folders 0755). These helpers create them
// owner-only and tighten what an older version left behind. POSIX modes only: on Windows, Node
// maps them to the read-only flag at most, and the profile folder's ACL is what protects the data.

export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Clears the group/other bits of an existing path; best effort (a file we do not own stays as it is). */
function tighten(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode)
  } catch {
    // gone meanwhile, or not ours to change: nothing to tighten
  }
}

/**
 * A folder only its owner can enter. Every folder `mkdir -p` creates gets 0700; an existing one is
 * tightened only when `ours` (a folder the user pointed --home at may be shared on purpose).
 */
export function ensurePrivateDir(path: string, ours = true): void {
  const existed = existsSync(path)
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE })
  if (existed && ours) tighten(path, PRIVATE_DIR_MODE)
}

/**
 * Creates `file` empty and owner-only if it does not exist yet (before SQLite or a logger would
 * create it 0644), or tightens it. SQLite gives a database's -wal and -shm the main file's mode,
 * so a private mirror.db also has private companions; existing ones are tightened here too.
 */
export function ensurePrivateFile(file: string, companions: readonly string[] = []): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  tighten(file, PRIVATE_FILE_MODE)
  for (const suffix of companions) if (existsSync(file + suffix)) tighten(file + suffix, PRIVATE_FILE_MODE)
}

/** The suffixes of the files SQLite keeps beside a database in WAL mode. */
export const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'] as const
