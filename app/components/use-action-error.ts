'use client'

import { useCallback, useState } from 'react'
import { AnnotationValidationError } from '../../editor/model/annotation'

/**
 * Runs annotation commands and keeps the message of the last one refused (an
 * AnnotationValidationError says why in words); any other error is a bug and is thrown on.
 */
export function useActionError(): [error: string | null, run: (action: () => void) => void] {
  const [error, setError] = useState<string | null>(null)
  const run = useCallback((action: () => void) => {
    try {
      action()
      setError(null)
    } catch (failure) {
      if (failure instanceof AnnotationValidationError) setError(failure.message)
      else throw failure
    }
  }, [])
  return [error, run]
}
