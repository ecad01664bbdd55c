/** The `<option>`s of a `<select>` over a fixed list of values, each shown by its label. */
export function LabelledOptions<Value extends string>({ values, labels }: { values: readonly Value[]; labels: Readonly<Record<Value, string>> }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels[value]}
    </option>
  ))
}
