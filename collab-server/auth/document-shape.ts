import * as Y from 'yjs'
import { ANNOTATIONS_MAP, CONTENT_FRAGMENT, MAX_ID_CHARS, META_MAP, SUGGESTIONS_MAP, isRecordKey } from '../../editor/model/doc-layout'
import { SHAPE_LIMITS, jsonValueProblem } from '../../editor/model/shape-limits'
import { MAX_TRACKED_DEPTH, kindOf, type DecodedUpdate, type PlacedInsert, type Placement, type TypeKind } from './update-scope'

/** The content of an item (Yjs does not export the abstract class). */
type Content = Y.Item['content']

function anyValuesProblem(content: Content): string | null {
  for (const value of content.getContent()) {
    const problem = jsonValueProblem(value)
    if (problem) return problem
  }
  return null
}

function typeKind(content: Content): TypeKind | null {
  return content instanceof Y.ContentType ? kindOf(content.type) : null
}

function keyProblem(placement: Placement): string | null {
  return placement.key !== null && placement.key.length > SHAPE_LIMITS.maxKeyChars ? `a key is longer than ${SHAPE_LIMITS.maxKeyChars} characters` : null
}

function depthText(placement: Placement): string {
  return placement.path.length > MAX_TRACKED_DEPTH ? `more than ${MAX_TRACKED_DEPTH}` : String(placement.path.length + 1)
}

/** Records (data model 2): `annotations` → a Y.Map per record → plain values under the record keys (`base`, `span`, `attr.<key>`, …). */
function annotationsProblem(placement: Placement, content: Content): string | null {
  const { path, key } = placement
  const kind = typeKind(content)
  if (path.length === 0) {
    if (key === null) return 'records must be map entries'
    if (key.length > MAX_ID_CHARS) return `an annotation id is longer than ${MAX_ID_CHARS} characters`
    return kind === 'map' ? null : 'a record must be a Y.Map'
  }
  if (path.length === 1 && path[0].kind === 'map') {
    if (key === null || !isRecordKey(key)) return `records have no entry "${String(key).slice(0, 40)}"`
    return content instanceof Y.ContentAny ? anyValuesProblem(content) : `"${key.slice(0, 40)}" must be a plain JSON value`
  }
  return `records nest at most 2 levels (this update writes at level ${depthText(placement)})`
}

/** `meta` entries only the server writes: when the document was created and which data model it is in. */
const SERVER_META_KEYS: ReadonlySet<string> = new Set(['schemaVersion', 'createdAt'])

function metaProblem({ path, key }: Placement, content: Content): string | null {
  if (path.length > 0 || key === null) return 'meta holds plain values only'
  if (SERVER_META_KEYS.has(key)) return `"${key}" is written by the server only`
  return content instanceof Y.ContentAny ? anyValuesProblem(content) : 'meta holds plain values only'
}

/** `suggestions` (data model 2.4): who made each suggestion, a plain value keyed by its id. */
function suggestionsProblem({ path, key }: Placement, content: Content): string | null {
  if (path.length > 0 || key === null) return 'suggestions holds plain values keyed by suggestion id'
  if (key.length > MAX_ID_CHARS) return `a suggestion id is longer than ${MAX_ID_CHARS} characters`
  return content instanceof Y.ContentAny ? anyValuesProblem(content) : 'suggestions holds plain values keyed by suggestion id'
}

/** Whether `id` is a suggestion id the app writes: a string of 1..{@link MAX_ID_CHARS} characters or a finite number. */
const isSuggestionId = (id: unknown): boolean => (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_CHARS) || (typeof id === 'number' && Number.isFinite(id))

/**
 * Suggestion marks (data model 2.4): `insertion` and `deletion` are null (removed) or exactly
 * `{ id }`; any other value makes y-prosemirror in every other client drop the marked text.
 * `modification` is never written by the app.
 */
function suggestionMarkProblem(key: string, value: unknown): string | null {
  if (key === 'modification') return 'the text takes no "modification" marks'
  if (key !== 'insertion' && key !== 'deletion') return null
  if (value === null) return null
  if (typeof value !== 'object' || Array.isArray(value)) return `a "${key}" mark must be an object { id }`
  const entries = Object.keys(value)
  if (entries.length !== 1 || entries[0] !== 'id' || !isSuggestionId((value as { id: unknown }).id))
    return `a "${key}" mark must be { id } with an id of 1 to ${MAX_ID_CHARS} characters or a number`
  return null
}

const XML_KINDS: ReadonlySet<TypeKind> = new Set(['xmlElement', 'xmlText'])

function contentProblem(placement: Placement, content: Content): string | null {
  if (placement.path.length >= SHAPE_LIMITS.maxXmlDepth) {
    return `the text nests at most ${SHAPE_LIMITS.maxXmlDepth} elements (this update writes at level ${depthText(placement)})`
  }
  if (placement.path.some((segment) => !XML_KINDS.has(segment.kind))) return 'the text holds XML elements and text only'
  if (content instanceof Y.ContentType) return XML_KINDS.has(kindOf(content.type)) ? null : 'the text holds XML elements and text only'
  if (content instanceof Y.ContentString) return null
  if (content instanceof Y.ContentFormat) return suggestionMarkProblem(content.key, content.value) ?? jsonValueProblem(content.value)
  // Attributes of an XML element (a heading's level).
  if (content instanceof Y.ContentAny && placement.key !== null) return anyValuesProblem(content)
  return 'the text holds XML elements, text, marks and attributes only'
}

/** Roots the data model does not name: readers ignore them, but depth and values are bounded all the same. */
function otherRootProblem(placement: Placement, content: Content): string | null {
  if (placement.path.length >= SHAPE_LIMITS.maxOtherDepth)
    return `shared types nest at most ${SHAPE_LIMITS.maxOtherDepth} levels (this update writes at level ${depthText(placement)})`
  if (content instanceof Y.ContentAny) return anyValuesProblem(content)
  if (content instanceof Y.ContentFormat) return jsonValueProblem(content.value)
  if (content instanceof Y.ContentEmbed) return jsonValueProblem(content.embed)
  if (content instanceof Y.ContentJSON) return anyValuesProblem(content)
  return null
}

/** Why one inserted item is outside the data model, or null. */
function insertProblem({ struct, placement }: PlacedInsert): string | null {
  const problem = keyProblem(placement)
  if (problem) return problem
  if (struct.content instanceof Y.ContentDeleted) return null
  switch (placement.root) {
    case ANNOTATIONS_MAP:
      return annotationsProblem(placement, struct.content)
    case META_MAP:
      return metaProblem(placement, struct.content)
    case SUGGESTIONS_MAP:
      return suggestionsProblem(placement, struct.content)
    case CONTENT_FRAGMENT:
      return contentProblem(placement, struct.content)
    default:
      return otherRootProblem(placement, struct.content)
  }
}

/**
 * Why an update's inserts break the data model's shape (a record nested deeper than a record's
 * comments, text nested too deep, a value nested or sized beyond {@link SHAPE_LIMITS},
 * content of a kind its place does not hold), or null when they all fit. Applies to every role.
 */
export function shapeProblem(inserts: readonly PlacedInsert[]): string | null {
  for (const insert of inserts) {
    const problem = insertProblem(insert)
    if (problem) return `${insert.placement.root.slice(0, 40)}: ${problem}`
  }
  return null
}

/**
 * For an update whose place in the document cannot be found yet (Yjs will keep it pending): why
 * its structs break the limits that do not depend on where they land — a plain value nested or
 * sized beyond {@link SHAPE_LIMITS}, or types nested within the update itself deeper than any root
 * allows — or null. So pending content cannot carry what a placed update could not.
 */
export function unplacedShapeProblem(decoded: DecodedUpdate): string | null {
  const depthOf = new Map<string, number>()
  const limit = Math.max(SHAPE_LIMITS.maxXmlDepth, SHAPE_LIMITS.maxOtherDepth)
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    const { content } = struct
    const problem =
      content instanceof Y.ContentAny || content instanceof Y.ContentJSON
        ? anyValuesProblem(content)
        : content instanceof Y.ContentFormat
          ? jsonValueProblem(content.value)
          : content instanceof Y.ContentEmbed
            ? jsonValueProblem(content.embed)
            : null
    if (problem) return problem
    // Structs come in clock order per client, and a parent precedes its children in an honest update.
    const parent = struct.parent as unknown
    const depth = parent instanceof Y.ID ? (depthOf.get(`${parent.client}:${parent.clock}`) ?? 0) + 1 : 0
    if (depth > limit) return `shared types nest at most ${limit} levels`
    if (content instanceof Y.ContentType) depthOf.set(`${struct.id.client}:${struct.id.clock}`, depth)
  }
  return null
}
