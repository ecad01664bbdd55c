import { parseBearerToken } from '../../editor/model/bearer-token'

/** The access token of an incoming request: `Authorization: Bearer …`, else the `token` query parameter. */
export function tokenFromRequest(request: Request): string | null {
  return parseBearerToken(request.headers.get('authorization')) ?? (new URL(request.url).searchParams.get('token') || null)
}

/** A page's `token` search parameter (the share or admin link's token), or null. */
export function tokenFromSearchParams(searchParams: Record<string, string | string[] | undefined>): string | null {
  const value = searchParams.token
  return typeof value === 'string' && value.length > 0 ? value : null
}

/** `path` with `?token=…` added when there is a token, so links inside the app keep the access. */
export function withToken(path: string, token: string | null): string {
  return token ? `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : path
}
