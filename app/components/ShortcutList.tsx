import { Fragment } from 'react'
import { keyParts, SHORTCUTS } from '../../editor/model/shortcuts'

/** One key as pressed, e.g. <kbd>Mod</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd>. */
function KeyCombination({ keyName }: { keyName: string }) {
  return keyParts(keyName).map((part, index) => (
    <Fragment key={index}>
      {index > 0 && '+'}
      <kbd>{part}</kbd>
    </Fragment>
  ))
}

/** The editor's keyboard shortcuts, from the shortcut table, as a definition list. */
export function ShortcutList() {
  return (
    <dl className="facts shortcuts">
      {SHORTCUTS.map(({ action, keys, description }) => (
        <Fragment key={action}>
          <dt>{description.charAt(0).toUpperCase() + description.slice(1)}</dt>
          <dd>
            {keys.map((key, index) => (
              <Fragment key={key}>
                {index > 0 && ' or '}
                <KeyCombination keyName={key} />
              </Fragment>
            ))}
          </dd>
        </Fragment>
      ))}
    </dl>
  )
}
