import Link from 'next/link'
import type { CreatedDocument } from '../../collab-server/client/http-client'
import { withToken } from '../../collab-server/client/request-token'

/** What an annotated import did: re-anchored and skipped annotations, then a link to the document. */
export function ImportReportView({ document, token }: { document: CreatedDocument; token: string | null }) {
  const report = document.import!
  return (
    <div className="notice import-report" role="status" data-testid="import-report">
      <p>
        Imported <strong>{report.imported}</strong> annotation{report.imported === 1 ? '' : 's'} into “{document.title}”.
      </p>
      {report.reanchored.length > 0 && (
        <>
          <p>Placed by their quote because their offsets did not match the text:</p>
          <ul>
            {report.reanchored.map((entry) => (
              <li key={entry.id}>“{entry.exact}”</li>
            ))}
          </ul>
        </>
      )}
      {report.skipped.length > 0 && (
        <>
          <p>Not imported:</p>
          <ul>
            {report.skipped.map((entry, index) => (
              <li key={entry.id ?? index}>
                “{entry.exact}” — {entry.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.droppedLinks.length > 0 && (
        <>
          <p>Links not imported (their annotations were):</p>
          <ul>
            {report.droppedLinks.map((entry, index) => (
              <li key={index}>
                {entry.annotation} → link {entry.link} — {entry.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <Link href={withToken(`/docs/${document.id}`, document.token ?? token)} className="button primary small">
        Open the document
      </Link>
    </div>
  )
}
