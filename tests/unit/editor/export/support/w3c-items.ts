import type { W3cAnnotation, W3cCollection } from '../../../../../editor/export/w3c'

/** The annotations of a W3C collection (its items but the `linking` ones). */
export function spanAnnotations(collection: W3cCollection): W3cAnnotation[] {
  return collection.first.items.filter((item): item is W3cAnnotation => item.motivation !== 'linking')
}
