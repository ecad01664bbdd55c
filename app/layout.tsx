import type { Metadata } from 'next'
import type { ReactNode } from 'react'
import 'prosemirror-view/style/prosemirror.css'
import './globals.css'

export const metadata: Metadata = {
  title: 'Spanwise',
  description: 'Collaborative annotation editor: the text stays editable, annotations stay anchored.',
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
