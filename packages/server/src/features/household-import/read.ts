import { normalizeIdNumber } from '@jingzhun/domain';
import type { SheetColumn } from '../households/sheet.ts';
import { cellAddress, type ColumnPositions, type ImportProblem, type SheetRow } from '../../kernel/sheets/sheet-reader.ts';

/** Reads one cell as its column's type; a problem names the cell and the rule it broke. */
export function parseCell(column: SheetColumn, v: unknown): { value?: unknown; rule?: string } {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) {
    return column.required ? { rule: 'required' } : { value: undefined };
  }
  const text = v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim();
  const cell = column.cell;
  switch (cell.kind) {
    case 'text':
      return text.length > cell.max ? { rule: 'too_long' } : { value: text };
    case 'id':
      // A long number typed into a number cell has already lost digits: it must be text.
      if (typeof v === 'number' && text.length > 15) return { rule: 'id_not_text' };
      return { value: normalizeIdNumber(text) };
    case 'int': {
      const n = Number(text);
      return Number.isInteger(n) && n >= cell.min && n <= cell.max ? { value: n } : { rule: 'integer_range' };
    }
    case 'money': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { rule: 'number' };
      if (n < 0) return { rule: 'not_negative' };
      return { value: Math.round(n * 100) / 100 };
    }
    case 'date': {
      const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text);
      if (!m) return { rule: 'date' };
      const iso = `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
      const d = new Date(`${iso}T00:00:00Z`);
      return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? { rule: 'date' } : { value: iso };
    }
    case 'bool':
      if (['是', 'y', 'yes', 'true', '1', '有'].includes(text.toLowerCase())) return { value: true };
      if (['否', 'n', 'no', 'false', '0', '无'].includes(text.toLowerCase())) return { value: false };
      return { rule: 'yes_no' };
    case 'code': {
      const found = Object.entries(cell.list).find(([code, l]) => code === text || l['zh-CN'] === text || l.en === text);
      return found ? { value: found[0] } : { rule: 'unknown_code' };
    }
    case 'codes': {
      const parts = text.split(/[、,，;；\s]+/).filter(Boolean);
      const codes = parts.map((p) => Object.entries(cell.list).find(([code, l]) => code === p || l['zh-CN'] === p || l.en === p)?.[0]);
      return codes.every(Boolean) ? { value: codes } : { rule: 'unknown_code' };
    }
  }
}

/** A row of a sheet with its cells read as their columns' types. */
export interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
}

/** Reads every row of a sheet; each bad cell becomes a problem. */
export function parseRows(sheet: string, columns: SheetColumn[], rows: SheetRow[], positions: ColumnPositions | undefined, problems: ImportProblem[]): ParsedRow[] {
  // Household fields are read from the head's row only; other rows may leave them empty.
  const lenient = columns.map((c) => (c.household ? { ...c, required: false } : c));
  return rows.map((r) => {
    const values: Record<string, unknown> = {};
    for (const column of lenient) {
      const parsed = parseCell(column, r.values[column.key]);
      if (parsed.rule) problems.push({ sheet, row: r.row, column: column.header, cell: cellAddress(positions, column.key, r.row), rule: parsed.rule });
      else if (parsed.value !== undefined) values[column.key] = parsed.value;
    }
    return { row: r.row, values };
  });
}
