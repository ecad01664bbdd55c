/** The prefix of every Redis key and channel of the cluster when `REDIS_KEY_PREFIX` is not set. */
export const DEFAULT_KEY_PREFIX = 'spanwise'

/** What a key prefix may be: 1–64 letters, digits, `-`, `_`, `.` or `:`. */
export const KEY_PREFIX_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/
