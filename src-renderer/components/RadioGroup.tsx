/** A labelled set of radio buttons for one choice among a few (theme, density, notification privacy). */
export function RadioGroup<T extends string>({
  legend,
  name,
  options,
  labels,
  value,
  onChange,
  inline = false,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (value: T) => void;
  inline?: boolean;
}) {
  return (
    <fieldset className={`radio-group${inline ? ' radio-group--inline' : ''}`}>
      <legend className="field__label">{legend}</legend>
      {options.map((option) => (
        <label key={option} className="radio">
          <input type="radio" name={name} checked={value === option} onChange={() => onChange(option)} />
          {labels[option]}
        </label>
      ))}
    </fieldset>
  );
}
