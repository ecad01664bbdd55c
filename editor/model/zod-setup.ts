import { z } from 'zod'

// In the browser the pages' Content-Security-Policy forbids eval. Zod would otherwise probe
// `new Function('')` when it builds its first object schema, and the browser reports that probe as
// a CSP violation on every page. Every module that builds zod schemas imports this one first, so
// it runs before any schema exists. On the server nothing changes (zod compiles its parsers).
if (typeof window !== 'undefined') z.config({ jitless: true })
