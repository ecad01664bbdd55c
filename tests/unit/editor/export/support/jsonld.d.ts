// The part of jsonld.js (a devDependency without type declarations) the tests use.
declare module 'jsonld' {
  interface RemoteDocument {
    contextUrl: string | null
    documentUrl: string
    document: unknown
  }
  interface Options {
    documentLoader?: (url: string) => Promise<RemoteDocument>
    /** Throws on anything expansion would drop (a key without an IRI, a relative IRI). */
    safe?: boolean
  }
  type NodeObject = Record<string, unknown>
  const jsonld: {
    expand(input: unknown, options?: Options): Promise<NodeObject[]>
    compact(input: unknown, context: unknown, options?: Options): Promise<NodeObject>
  }
  export default jsonld
}
