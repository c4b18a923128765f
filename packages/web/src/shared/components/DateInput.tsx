import { useEffect, useState, type CSSProperties } from 'react';
import { Input } from 'antd';
import { ISO_DATE } from '../lib/query.ts';

interface DateInputProps {
  value?: string | null | undefined;
  onChange?: (value: string | undefined) => void;
  min?: string;
  max?: string;
  style?: CSSProperties;
  'aria-label'?: string;
  placeholder?: string;
  'data-testid'?: string;
}

/**
 * A date typed or picked with the browser's own picker (no date library, ISO as the API wants it); a
 * filter applies only a whole date, a form field gets whatever is typed (its rules judge it).
 */
export function DateInput({ value, onChange, min, max, style, ...rest }: DateInputProps) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  return (
    <Input
      type="date"
      value={text}
      min={min}
      max={max}
      style={style ?? { width: 150 }}
      {...rest}
      onChange={(e) => {
        const next = e.target.value;
        setText(next);
        if (next === '') onChange?.(undefined);
        else if (ISO_DATE.test(next)) onChange?.(next);
      }}
    />
  );
}
