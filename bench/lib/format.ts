import type { Cell, SuiteReport, Table, TargetCheck } from './report'

/** A cell as text: numbers with up to 3 significant decimals, null as "missing". */
function formatCell(cell: Cell): string {
  if (cell === null) return 'missing'
  if (typeof cell === 'string') return cell
  if (!Number.isFinite(cell)) return 'missing'
  if (Number.isInteger(cell)) return String(cell)
  const abs = Math.abs(cell)
  return cell.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3)
}

/** A table as aligned plain text for the console. */
export function tableAsText(table: Table): string {
  const cells = [table.columns.map(String), ...table.rows.map((row) => row.map(formatCell))]
  const widths = table.columns.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)))
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [table.title, line(cells[0] ?? []), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

/** A table as GitHub Markdown. */
export function tableAsMarkdown(table: Table): string {
  const row = (cells: string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`
  return [`#### ${table.title}`, '', row(table.columns.map(String)), row(table.columns.map(() => '---')), ...table.rows.map((cells) => row(cells.map(formatCell)))].join('\n')
}

function verdict(check: TargetCheck): string {
  if (check.met === null) return 'MISSING'
  return check.met ? 'met' : 'MISSED'
}

/** One line per target: name, actual, limit, verdict. */
export function targetLine(check: TargetCheck): string {
  return `${verdict(check).padEnd(7)}  ${check.name}: ${formatCell(check.actual)}${check.actual === null ? '' : check.unit} (limit ${formatCell(check.limit)}${check.unit})`
}

/** The targets as a Markdown table. */
export function targetsAsMarkdown(reports: readonly SuiteReport[]): string {
  const rows = reports.flatMap((report) =>
    report.targets.map(
      (check) =>
        `| ${report.suite} | ${check.name} | ${formatCell(check.actual)}${check.actual === null ? '' : check.unit} | ≤ ${formatCell(check.limit)}${check.unit} | ${verdict(check)} |`,
    ),
  )
  return ['| Suite | Target | Measured | Limit | Verdict |', '| --- | --- | --- | --- | --- |', ...rows].join('\n')
}
