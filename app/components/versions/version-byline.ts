import type { VersionRecord } from '../../../editor/model/versions'
import { formatRecentTime } from '../annotations/format-time'

/** Who made a version and when, as the list shows it: "by Belman · 14:05", "saved automatically · 5 Dec 2026, 14:05". */
export function versionByline(version: Pick<VersionRecord, 'kind' | 'createdBy' | 'createdAt'>, now: Date = new Date()): string {
  const who = version.kind === 'auto' ? 'saved automatically' : version.createdBy ? `by ${version.createdBy.name}` : 'saved'
  return `${who} · ${formatRecentTime(version.createdAt, now)}`
}
