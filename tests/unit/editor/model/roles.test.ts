import { describe, expect, it } from 'vitest'
import { describeRole, isRole, permissionsOf, ROLE_LABELS, ROLES, roleSchema } from '../../../../editor/model/roles'

describe('roles', () => {
  it('are editor, annotator and viewer, each with a label', () => {
    expect(ROLES).toEqual(['editor', 'annotator', 'viewer'])
    expect(ROLES.map((role) => ROLE_LABELS[role])).toEqual(['Editor', 'Annotator', 'Viewer'])
    expect(describeRole('viewer')).toBe('Viewer — reads only')
  })

  it.each([
    ['editor', true],
    ['annotator', true],
    ['viewer', true],
    ['Editor', false],
    ['owner', false],
    ['', false],
    [1, false],
    [null, false],
  ])('accepts %j: %s', (value, accepted) => {
    expect(isRole(value)).toBe(accepted)
    expect(roleSchema.safeParse(value).success).toBe(accepted)
  })

  it('names the roles when refusing one', () => {
    const parsed = roleSchema.safeParse('owner')
    expect(parsed.success ? null : parsed.error.issues[0].message).toBe('must be one of editor, annotator, viewer')
  })

  it('lets editors change the text, editors and annotators annotate, viewers nothing', () => {
    expect(ROLES.map(permissionsOf)).toEqual([
      { editText: true, annotate: true },
      { editText: false, annotate: true },
      { editText: false, annotate: false },
    ])
  })
})
