/**
 * The benchmark's own pages (a) bare ProseMirror and (b) stock y-prosemirror: bundled with
 * esbuild (minified, like the app's production build) and served with the document JSON and
 * ProseMirror's CSS from a tiny node:http server on a free port.
 */
import { build } from 'esbuild'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

/** Running static server. */
export interface StaticPages {
  readonly url: string
  close(): Promise<void>
}

const PAGE_STYLE = 'body { margin: 0; font: 17px/1.6 Georgia, serif; } main { max-width: 760px; margin: 0 auto; padding: 24px; } .ProseMirror { outline: none; }'

function html(script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>editor bench</title><link rel="stylesheet" href="/prosemirror.css"><style>${PAGE_STYLE}</style></head><body><main><div id="editor"></div></main><script type="module" src="/${script}"></script></body></html>`
}

/** Bundles both pages and serves them: `/bare.html`, `/stock.html?ws=…&room=…`, `/doc.json`. */
export async function serveStaticPages(root: string, docJson: unknown): Promise<StaticPages> {
  const result = await build({
    entryPoints: { bare: path.join(root, 'bench/editor/pages/bare-page.ts'), stock: path.join(root, 'bench/editor/pages/stock-page.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    outdir: '/',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
  const files = new Map<string, { type: string; body: string | Uint8Array }>()
  for (const file of result.outputFiles) files.set(`/${path.basename(file.path)}`, { type: 'text/javascript', body: file.contents })
  files.set('/bare.html', { type: 'text/html', body: html('bare.js') })
  files.set('/stock.html', { type: 'text/html', body: html('stock.js') })
  files.set('/doc.json', { type: 'application/json', body: JSON.stringify(docJson) })
  files.set('/prosemirror.css', { type: 'text/css', body: readFileSync(path.join(root, 'node_modules/prosemirror-view/style/prosemirror.css'), 'utf8') })
  const server = http.createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://localhost').pathname)
    if (!file) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
