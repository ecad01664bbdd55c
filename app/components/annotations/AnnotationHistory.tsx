'use client'

import { useState } from 'react'
import type { AnnotationRecord } from '../../../editor/model/annotation'
import { historyLines } from '../../../editor/model/history-wording'
import { formatRecentTime, formatTime } from './format-time'

/** How many steps show before "Show all". */
const SHOWN = 6

/** An annotation's history as a short timeline, newest first: "Dana set verdict False · 14:02". */
export function AnnotationHistory({ record }: { record: AnnotationRecord }) {
  const [all, setAll] = useState(false)
  const lines = historyLines(record).reverse()
  const shown = all ? lines : lines.slice(0, SHOWN)
  return (
    <section className="annotation-history" aria-label="History">
      <h3 className="subsection-title">
        History <span className="count">{lines.length}</span>
      </h3>
      <ol className="history-list" data-testid="history">
        {shown.map((line, index) => (
          // Entry ids come from other clients and may repeat the creation line's: the index keeps keys apart.
          <li key={`${index}:${line.id}`} className="history-step">
            <span className="history-what">
              <strong>{line.by.name}</strong> {line.what}
            </span>
            <time className="history-time" dateTime={line.at} title={formatTime(line.at)}>
              {formatRecentTime(line.at)}
            </time>
          </li>
        ))}
      </ol>
      {lines.length > SHOWN && (
        <button type="button" className="link-button small-text" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${lines.length} steps`}
        </button>
      )}
    </section>
  )
}
