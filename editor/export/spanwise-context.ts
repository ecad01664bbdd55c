/**
 * The namespace of Spanwise's own linked-data terms. No identifier Spanwise makes can fall in it:
 * documents, annotations and links are `urn:spanwise:<docId>…` and a document id has no "/";
 * people are `urn:spanwise:users/…`.
 */
export const SPANWISE_VOCAB = 'urn:spanwise:vocab/'

/**
 * Spanwise's JSON-LD context: IRIs for what the `w3c` export carries beyond the Web Annotation
 * context — the `spanwise:` prefix (so `spanwise:document` and `spanwise:relation` expand under
 * SPANWISE_VOCAB) and the fields of `spanwise:document`. It only adds terms: the fields whose
 * names the Web Annotation context already defines (`id`, `type`, `source`, `start`, `end`,
 * `language`, `name`) keep that meaning, as the Web Annotation vocabulary requires of extensions.
 * Published as `docs/spanwise-context.jsonld` (a test keeps the two the same) and embedded in
 * every export, so a processor that fetches nothing still has it. JSON-LD 1.0 features only.
 */
export const SPANWISE_CONTEXT = {
  spanwise: SPANWISE_VOCAB,
  title: 'spanwise:title',
  text: 'spanwise:text',
  blocks: { '@id': 'spanwise:blocks', '@container': '@list' },
  level: 'spanwise:level',
  paragraph: 'spanwise:Paragraph',
  heading: 'spanwise:Heading',
  url: { '@id': 'spanwise:url', '@type': '@id' },
  publisher: 'spanwise:publisher',
  authors: { '@id': 'spanwise:authors', '@container': '@list' },
  published: 'spanwise:published',
  factcheck: 'spanwise:factcheck',
  baseUrl: { '@id': 'spanwise:baseUrl', '@type': '@id' },
  organization: 'spanwise:organization',
} as const

/** The part of SPANWISE_CONTEXT a `linking` item needs on its own: the prefix of `spanwise:relation`. */
export const SPANWISE_PREFIX_CONTEXT = { spanwise: SPANWISE_VOCAB } as const
