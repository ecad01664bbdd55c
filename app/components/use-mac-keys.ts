'use client'

import { useSyncExternalStore } from 'react'

const noChange = () => () => undefined
const isApplePlatform = () => /Mac|iPhone|iPad/.test(navigator.platform)
const onServer = () => false

/**
 * True on Apple platforms, where shortcut hints show ⌘ for `Mod`; false elsewhere (Ctrl) and
 * while rendering on the server, so the first render in the browser matches the server's.
 */
export function useMacKeys(): boolean {
  return useSyncExternalStore(noChange, isApplePlatform, onServer)
}
