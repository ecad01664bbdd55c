import '../../model/zod-setup'
import { z } from 'zod'
import { describeIssues } from '../../model/describe-issues'
import { ANNOTATION_TYPES, commentSchema, historyEntrySchema, linkSchema, personSchema, reviewStatusEntrySchema, threadEntrySchema } from '../../model/annotation'
import { detailsFromExport } from '../../model/document-source'
import { OffsetConverter, OFFSET_UNITS, type OffsetUnit } from '../../model/offsets'
import { ImportFormatError, type AnnotatedSource } from './annotated-source'

const offset = z.number().int().nonnegative().nullable()

/** The native export (editor/export/json.ts) as read back: unknown fields are ignored. */
const nativeImportSchema = z.object({
  format: z.literal('spanwise', { message: 'must be "spanwise"' }),
  version: z.literal(1, { message: 'must be 1 (the only version this importer reads)' }),
  offsetUnit: z.enum(OFFSET_UNITS as [OffsetUnit, ...OffsetUnit[]]),
  document: z.object({ title: z.string().optional(), source: z.unknown().optional(), factcheck: z.unknown().optional() }).optional(),
  text: z.string(),
  blocks: z
    .array(
      z.object({
        type: z.enum(['paragraph', 'heading']),
        level: z.number().int().min(1).max(3).optional(),
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
      }),
    )
    .optional(),
  annotations: z.array(
    z.object({
      id: z.string().min(1).max(100).optional(),
      type: z.enum(ANNOTATION_TYPES),
      start: offset.optional(),
      end: offset.optional(),
      exact: z.string(),
      prefix: z.string().optional(),
      suffix: z.string().optional(),
      attrs: z.unknown().optional(),
      note: z.string().optional(),
      createdBy: personSchema.optional(),
      createdAt: z.string().optional(),
      updatedAt: z.string().optional(),
      comments: z.array(commentSchema).optional(),
      links: z.array(linkSchema).optional(),
      /** Only the assignee is read back: the rest of `review` follows from the claim's entries. */
      review: z.object({ assignee: personSchema.nullable().optional() }).optional(),
      reviewStatus: reviewStatusEntrySchema.optional(),
      history: z.array(historyEntrySchema).optional(),
      /** The thread's state as exported, in the shape of the `thread` entry: written back as that entry. */
      thread: threadEntrySchema.optional(),
    }),
  ),
})

/** Parses JSON text; throws ImportFormatError with the parser's position on malformed input. */
export function parseJsonText(source: string): unknown {
  try {
    return JSON.parse(source)
  } catch (error) {
    throw new ImportFormatError(`not valid JSON: ${(error as Error).message}`)
  }
}

/** "annotations.3.type: Invalid option…" for the first problems of a zod error. */
export function describeImportIssues(error: z.ZodError): string {
  return describeIssues(error, 'file', 5)
}

/**
 * Reads a Spanwise native export (`json`). Offsets are converted from the file's unit to UTF-16;
 * offsets outside the text are dropped so the annotation is placed by its quote instead.
 */
export function importNativeJson(source: string): AnnotatedSource {
  const parsed = nativeImportSchema.safeParse(parseJsonText(source))
  if (!parsed.success) throw new ImportFormatError(describeImportIssues(parsed.error))
  const file = parsed.data
  const offsets = new OffsetConverter(file.text)
  const toUtf16 = (value: number | null | undefined) => {
    if (value === null || value === undefined) return null
    try {
      return offsets.toUtf16(value, file.offsetUnit)
    } catch {
      return null
    }
  }
  const details = detailsFromExport(file.document?.source, file.document?.factcheck)
  return {
    title: file.document?.title,
    details: { source: details.source, factcheck: details.factcheck },
    text: file.text,
    blocks: file.blocks?.map((block) => ({ ...block, start: toUtf16(block.start) ?? -1, end: toUtf16(block.end) ?? -1 })),
    annotations: file.annotations.map(({ review, ...annotation }) => ({
      ...annotation,
      assignee: review?.assignee,
      start: toUtf16(annotation.start),
      end: toUtf16(annotation.end),
    })),
  }
}
