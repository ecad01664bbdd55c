/** An annotation's creator, as an author filter sees it. */
export interface AnnotationAuthor {
  readonly id: string
  readonly name: string
}

/**
 * The one author filter of the side panel and the exports: an empty (or absent) filter keeps every
 * annotation; otherwise the creator's id or display name must equal it exactly. The panel picks by
 * id; an export's `author=` may give either.
 */
export function matchesAuthor(author: AnnotationAuthor, filter: string | undefined): boolean {
  return !filter || author.id === filter || author.name === filter
}
