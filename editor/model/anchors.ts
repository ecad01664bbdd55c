import type { Schema } from 'prosemirror-model'
import * as Y from 'yjs'
import type { RelativePositionJSON } from './annotation'

/**
 * Which end of a span an anchor marks. A start anchor is attached to the span's first character
 * (`assoc = 0`), an end anchor to its last character (`assoc = -1`), so text typed at either
 * boundary stays outside the span while text typed inside grows it (Peritext's rule).
 * y-prosemirror's own `absolutePositionToRelativePosition` always uses `assoc = 0`, which would
 * make an end anchor swallow text typed right after the span; hence this module.
 */
export type AnchorSide = 'start' | 'end'

/** The Yjs `assoc` of each side. */
export const ANCHOR_ASSOC: Record<AnchorSide, number> = { start: 0, end: -1 }

type YContainer = Y.XmlFragment | Y.XmlElement
type YChild = Y.XmlElement | Y.XmlText

/**
 * Converts between ProseMirror positions and Yjs relative positions for one document state.
 * Sizes and offsets are computed from the Yjs tree (so it works in Node, without an editor) and
 * cached: create a new measurer after the document changes.
 */
export class YDocumentMeasurer {
  private readonly sizes = new Map<Y.XmlElement, number>()
  private readonly offsets = new Map<YContainer, Map<YChild, number>>()
  private readonly contentStarts = new Map<YContainer | Y.XmlText, number>()

  constructor(
    readonly fragment: Y.XmlFragment,
    private readonly schema: Schema,
  ) {}

  /** The ProseMirror nodeSize of an element: 1 for a leaf (hard_break), else 2 + its content. */
  nodeSize(element: Y.XmlElement): number {
    let size = this.sizes.get(element)
    if (size === undefined) {
      const leaf = this.schema.nodes[element.nodeName]?.isLeaf ?? false
      size = leaf ? 1 : 2 + this.contentSize(element)
      this.sizes.set(element, size)
    }
    return size
  }

  private childSize(child: YChild): number {
    return child instanceof Y.XmlText ? child.length : this.nodeSize(child)
  }

  private contentSize(container: YContainer): number {
    let size = 0
    for (const child of container.toArray()) size += this.childSize(child as YChild)
    return size
  }

  /** Offset of each child from its container's content start. */
  private childOffsets(container: YContainer): Map<YChild, number> {
    let offsets = this.offsets.get(container)
    if (!offsets) {
      offsets = new Map()
      let offset = 0
      for (const child of container.toArray() as YChild[]) {
        offsets.set(child, offset)
        offset += this.childSize(child)
      }
      this.offsets.set(container, offsets)
    }
    return offsets
  }

  /**
   * The ProseMirror position where a container's content (or a text run) starts; null when the
   * type is deleted or not inside the fragment.
   */
  contentStart(type: YContainer | Y.XmlText): number | null {
    if (type === this.fragment) return 0
    const cached = this.contentStarts.get(type)
    if (cached !== undefined) return cached
    const item = type._item
    if (!item || item.deleted || !(item.parent instanceof Y.XmlFragment || item.parent instanceof Y.XmlElement)) return null
    const parent = item.parent
    const parentStart = this.contentStart(parent)
    const offset = this.childOffsets(parent).get(type as YChild)
    if (parentStart === null || offset === undefined) return null
    const start = parentStart + offset + (type instanceof Y.XmlText ? 0 : 1)
    this.contentStarts.set(type, start)
    return start
  }

  /**
   * A relative position for ProseMirror position `pos`, which must lie in a text block.
   * Returns null when `pos` is not inside a text block of the fragment.
   */
  relativePositionAt(pos: number, side: AnchorSide): Y.RelativePosition | null {
    const located = this.locate(this.fragment, pos)
    return located && Y.createRelativePositionFromTypeIndex(located.type, located.index, ANCHOR_ASSOC[side])
  }

  private locate(container: YContainer, pos: number): { type: YContainer | Y.XmlText; index: number } | null {
    const children = container.toArray() as YChild[]
    for (let index = 0; index < children.length; index++) {
      const child = children[index]
      if (child instanceof Y.XmlText) {
        if (pos <= child.length) return { type: child, index: pos }
        pos -= child.length
        continue
      }
      const size = this.nodeSize(child)
      if (size === 1) {
        if (pos === 0) return { type: container, index }
      } else if (pos > 0 && pos < size) {
        return this.locate(child, pos - 1)
      }
      pos -= size
    }
    // The end of a text block's content (after a trailing hard break, or an empty block) is a text
    // position; the end of a blockquote's content, or of the document, is not.
    return pos === 0 && this.isTextblock(container) ? { type: container, index: children.length } : null
  }

  private isTextblock(container: YContainer): boolean {
    return container instanceof Y.XmlElement && (this.schema.nodes[container.nodeName]?.isTextblock ?? false)
  }

  /** The ProseMirror position of a stored anchor, or null when it no longer resolves (deleted block). */
  resolve(doc: Y.Doc, json: RelativePositionJSON): number | null {
    let absolute: Y.AbsolutePosition | null
    try {
      absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc)
    } catch {
      return null // a crafted anchor (a type id naming content that is no type, …) Yjs cannot follow
    }
    if (!absolute) return null
    const type = absolute.type
    if (type instanceof Y.XmlText) {
      const start = this.contentStart(type)
      return start === null ? null : start + absolute.index
    }
    if (!(type instanceof Y.XmlElement || type instanceof Y.XmlFragment)) return null
    const start = this.contentStart(type)
    if (start === null) return null
    const children = type.toArray() as YChild[]
    let offset = 0
    for (let index = 0; index < absolute.index && index < children.length; index++) offset += this.childSize(children[index])
    return start + offset
  }
}

/** A relative position as the JSON stored in annotation records. */
export function anchorToJSON(position: Y.RelativePosition): RelativePositionJSON {
  return Y.relativePositionToJSON(position) as RelativePositionJSON
}
