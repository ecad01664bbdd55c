/**
 * Runs a CLI's main function on the process arguments and exits with its code; an unexpected
 * error is printed as `<name>: <message>` and exits with 1.
 */
export function runCli(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
}
