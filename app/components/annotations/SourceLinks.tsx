import { isWebUrl, webUrlHost } from '../../../editor/model/web-url'

/**
 * The saved source URL of a quote or claim and its archived copy, as links side by side (a new
 * tab, no referrer). Only web URLs become links: anything else a client wrote is never an href.
 */
export function SourceLinks({ attrs }: { attrs: object }) {
  const { sourceUrl, archiveUrl } = attrs as { sourceUrl?: unknown; archiveUrl?: unknown }
  const source = isWebUrl(sourceUrl) ? sourceUrl : null
  const archive = isWebUrl(archiveUrl) ? archiveUrl : null
  if (!source && !archive) return null
  return (
    <p className="source-links" data-testid="source-links">
      {source && (
        <a href={source} target="_blank" rel="noopener noreferrer" title={source}>
          {webUrlHost(source)} ↗
        </a>
      )}
      {archive && (
        <a href={archive} target="_blank" rel="noopener noreferrer" title={archive}>
          Archived copy ↗
        </a>
      )}
    </p>
  )
}
