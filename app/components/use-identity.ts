'use client'

import { useCallback, useEffect, useState } from 'react'
import { uuidv4 } from 'lib0/random'
import { parseStoredIdentity, pickColor, type UserIdentity } from '../../editor/user/identity'

const STORAGE_KEY = 'spanwise:user'

/**
 * The display name and colour, remembered in this browser (localStorage). `identity` is null
 * until the user has chosen one; `ready` turns true once storage has been read.
 */
export function useIdentity() {
  const [identity, setIdentity] = useState<UserIdentity | null>(null)
  const [ready, setReady] = useState(false)
  useEffect(() => {
    const stored = parseStoredIdentity(window.localStorage.getItem(STORAGE_KEY))
    // Written back so an identity stored before ids existed keeps the id it was just given.
    if (stored) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(stored))
    // eslint-disable-next-line react-hooks/set-state-in-effect -- storage is read after hydration so the first render matches the server's HTML
    setIdentity(stored)
    setReady(true)
  }, [])
  const save = useCallback((next: UserIdentity) => {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
    setIdentity(next)
  }, [])
  return { identity, ready, save }
}

/** A starting suggestion for the identity dialog. */
export function suggestedIdentity(): UserIdentity {
  return { id: uuidv4(), name: '', color: pickColor(Math.random() * 1000) }
}
