import type { Metadata } from 'next'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import 'prosemirror-view/style/prosemirror.css'
import './globals.css'

export const metadata: Metadata = {
  title: 'Spanwise',
  description: 'Collaborative annotation editor: the text stays editable, annotations stay anchored.',
}

/**
 * Every page renders per request (never prerendered at build time): Next.js can put the nonce of
 * the request's Content-Security-Policy (proxy.ts) on its scripts only while rendering.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection()
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
