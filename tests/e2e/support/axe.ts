import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** The axe impacts that fail a test: the ones that block or seriously hinder someone. */
const FAILING_IMPACTS = new Set(['serious', 'critical'])

/** One line per failing node: rule id, impact, CSS target and the rule's help text. */
function describeViolations(violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  return violations
    .flatMap((violation) =>
      violation.nodes.map((node) => `${violation.id} (${violation.impact}) at ${JSON.stringify(node.target)}: ${violation.help} — ${node.failureSummary?.replace(/\s+/g, ' ')}`),
    )
    .join('\n')
}

/**
 * Runs axe on the page as it is now and fails, naming each rule, target and help text, when any
 * violation is serious or critical. `state` names what the page shows, for the failure message.
 */
export async function expectNoSeriousViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const failing = results.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ''))
  expect(describeViolations(failing), `axe violations in ${state}`).toBe('')
}
