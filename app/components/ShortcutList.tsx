import { Fragment } from 'react'
import { keyParts, SHORTCUTS } from '../../editor/model/shortcuts'
import { useMacKeys } from './use-mac-keys'

/** One key as pressed, e.g. <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> (⌘ on Apple platforms). */
function KeyCombination({ keyName, mac }: { keyName: string; mac: boolean }) {
  return keyParts(keyName, mac).map((part, index) => (
    <Fragment key={index}>
      {index > 0 && '+'}
      <kbd>{part}</kbd>
    </Fragment>
  ))
}

/** The editor's keyboard shortcuts, from the shortcut table, as a definition list. */
export function ShortcutList() {
  const mac = useMacKeys()
  return (
    <dl className="facts shortcuts">
      {SHORTCUTS.map(({ action, keys, description }) => (
        <Fragment key={action}>
          <dt>{description.charAt(0).toUpperCase() + description.slice(1)}</dt>
          <dd>
            {keys.map((key, index) => (
              <Fragment key={key}>
                {index > 0 && ' or '}
                <KeyCombination keyName={key} mac={mac} />
              </Fragment>
            ))}
          </dd>
        </Fragment>
      ))}
    </dl>
  )
}
