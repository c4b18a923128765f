import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { FileRefused, type UploadLimits } from '../uploads/limits.ts';
import { checkZipDirectory, looksLikeZip } from '../uploads/zip.ts';

/**
 * A small streaming reader for .xlsx: cell values row by row, shared strings, dates from number
 * formats, formulas and merged cells reported, memory flat in the number of rows. It decodes UTF-8
 * with a streaming decoder, so a Chinese character split between two chunks stays whole (ExcelJS 4.4's
 * streaming reader does not, and its whole-file reader took 12 s and 1.5 GB for 100,000 rows).
 *
 * A workbook is a zip of XML a hostile sender controls, so the reading is held to the upload limits: the
 * zip's directory is checked before anything is inflated, the bytes inflated are counted (declared sizes
 * lie), the text kept in memory is counted, no cell is longer than Excel's, and a DTD (the door to entity
 * expansion) refuses the file. Each refusal is a FileRefused naming its rule.
 */
export type XlsxValue = string | number | boolean | { date: string } | { formula: string } | null;

export interface XlsxRow {
  number: number;
  /** By column index from 0. */
  cells: Map<number, XlsxValue>;
}

export interface XlsxSheet {
  name: string;
  merged: string[];
}

/** Excel's last column, XFD, as a 0-based index. */
const LAST_COLUMN = 16_383;
/**
 * Memory a kept string costs beyond its characters (its header, its slot, and its share of the parsing's
 * garbage), for the text budget: measured as about 75 bytes a short shared string all told.
 */
export const STRING_OVERHEAD = 64;

/** Column index (0-based) of an A1 reference; refused beyond Excel's last column. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
    if (n - 1 > LAST_COLUMN) throw new FileRefused('column_out_of_range', ref.slice(0, 20));
  }
  return n - 1;
}

type XmlEvent = { type: 'open'; tag: SaxesTagPlain } | { type: 'text'; text: string } | { type: 'close'; name: string };

/** A tag's name without its namespace prefix (some writers put every element in `x:`). */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** The bytes inflated from one workbook so far, against its limits. */
class Inflated {
  total = 0;
  constructor(readonly limits: UploadLimits) {}
}

/** An entry's inflated bytes, counted as they come: over its limit, or the workbook's, the file is refused. */
async function* entryChunks(zip: JSZip, path: string, inflated: Inflated, limit: number): AsyncGenerator<Buffer> {
  const entry = zip.file(path);
  if (!entry) return;
  let bytes = 0;
  const stream = new Readable().wrap(entry.nodeStream('nodebuffer'));
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      inflated.total += chunk.length;
      if (bytes > limit || inflated.total > inflated.limits.xlsxTotalBytes) throw new FileRefused('xlsx_uncompressed_too_large', path);
      yield chunk;
    }
  } catch (err) {
    throw err instanceof FileRefused ? err : new FileRefused('xlsx_malformed', path);
  } finally {
    stream.destroy();
  }
}

/**
 * The XML events of a zip entry, a chunk's worth at a time: yielding each event on its own would cost
 * a promise per event, tens of millions for a large sheet. Between two events the parser gathers text
 * (a cell, an attribute, a comment): a stretch longer than a cell may be, however written, refuses the
 * file before the parser's string grows without end.
 */
async function* xmlEvents(zip: JSZip, path: string, inflated: Inflated, limit: number): AsyncGenerator<XmlEvent[]> {
  if (!zip.file(path)) return;
  const { cellChars } = inflated.limits;
  // A cell's characters may each be written as an entity of up to ten (&#x10FFFF;).
  const longestStretch = cellChars * 10 + 65_536;
  const parser = new SaxesParser();
  let events: XmlEvent[] = [];
  let lastEvent = 0;
  const seen = () => {
    lastEvent = parser.position;
  };
  parser.on('opentag', (tag) => {
    seen();
    const plain = tag as SaxesTagPlain;
    events.push({ type: 'open', tag: plain.name.includes(':') ? { ...plain, name: localName(plain.name) } : plain });
  });
  parser.on('text', (text) => {
    seen();
    events.push({ type: 'text', text });
  });
  parser.on('closetag', (tag) => {
    seen();
    events.push({ type: 'close', name: localName(tag.name) });
  });
  parser.on('comment', seen);
  parser.on('processinginstruction', seen);
  parser.on('cdata', seen);
  parser.on('doctype', () => {
    throw new FileRefused('xlsx_doctype', path);
  });
  const write = (text: string) => {
    try {
      parser.write(text);
    } catch (err) {
      throw err instanceof FileRefused ? err : new FileRefused('xlsx_malformed', path);
    }
    if (parser.position - lastEvent > longestStretch) throw new FileRefused('cell_too_long', path);
  };
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of entryChunks(zip, path, inflated, limit)) {
    write(decoder.decode(chunk, { stream: true }));
    const batch = events;
    events = [];
    yield batch;
  }
  write(decoder.decode());
  try {
    parser.close();
  } catch {
    throw new FileRefused('xlsx_malformed', path);
  }
  yield events;
}

/** Every event of a small entry (the workbook, its relationships, the styles), read whole within the text limit. */
async function allEvents(zip: JSZip, path: string, inflated: Inflated, onEvent: (e: XmlEvent) => void): Promise<boolean> {
  if (!zip.file(path)) return false;
  for await (const batch of xmlEvents(zip, path, inflated, inflated.limits.xlsxTextBytes)) for (const e of batch) onEvent(e);
  return true;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** An open workbook: its sheets by name, read one at a time. */
export class XlsxReader {
  private constructor(
    private readonly zip: JSZip,
    private readonly inflated: Inflated,
    readonly sheets: Map<string, string>,
    private readonly sharedStrings: string[],
    private readonly dateStyles: Set<number>,
  ) {}

  /** Opens a workbook; throws a FileRefused naming why when the bytes are not one, or one too large to read. */
  static async open(buffer: Buffer, limits: UploadLimits): Promise<XlsxReader> {
    if (!looksLikeZip(buffer)) throw new FileRefused('not_xlsx');
    checkZipDirectory(buffer, limits);
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(buffer);
    } catch {
      throw new FileRefused('xlsx_malformed');
    }
    const inflated = new Inflated(limits);
    const targets = new Map<string, string>();
    const hasRels = await allEvents(zip, 'xl/_rels/workbook.xml.rels', inflated, (e) => {
      if (e.type !== 'open' || e.tag.name !== 'Relationship') return;
      const id = e.tag.attributes.Id;
      const target = e.tag.attributes.Target;
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    });
    const sheets = new Map<string, string>();
    const hasWorkbook = await allEvents(zip, 'xl/workbook.xml', inflated, (e) => {
      if (e.type !== 'open' || e.tag.name !== 'sheet') return;
      const name = e.tag.attributes.name;
      const rid = Object.entries(e.tag.attributes).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
      const path = rid ? targets.get(rid) : undefined;
      if (name && path) sheets.set(name, path);
    });
    if (!hasWorkbook || !hasRels) throw new FileRefused('not_xlsx');

    const strings: string[] = [];
    // What the kept strings cost in memory, against the text limit.
    let held = 0;
    let current: string[] | null = null;
    let length = 0;
    let inText = false;
    let inPhonetic = false;
    for await (const batch of xmlEvents(zip, 'xl/sharedStrings.xml', inflated, limits.xlsxTextBytes)) for (const e of batch) {
      if (e.type === 'open') {
        if (e.tag.name === 'si') {
          current = [];
          length = 0;
        } else if (e.tag.name === 'rPh') inPhonetic = true;
        else if (e.tag.name === 't' && !inPhonetic) inText = true;
      } else if (e.type === 'text') {
        if (inText && current) {
          length += e.text.length;
          if (length > limits.cellChars) throw new FileRefused('cell_too_long', `sharedStrings #${strings.length}`);
          current.push(e.text);
        }
      } else if (e.name === 'si') {
        const text = (current ?? []).join('');
        held += STRING_OVERHEAD + 2 * text.length;
        if (held > limits.xlsxTextBytes) throw new FileRefused('xlsx_text_too_large', 'sharedStrings');
        strings.push(text);
        current = null;
      } else if (e.name === 't') inText = false;
      else if (e.name === 'rPh') inPhonetic = false;
    }

    // A number format is a date when it shows years, days or hours outside quoted text and colour codes.
    const customDates = new Set<number>();
    const xfFormats: number[] = [];
    let inCellXfs = false;
    await allEvents(zip, 'xl/styles.xml', inflated, (e) => {
      if (e.type === 'close') {
        if (e.name === 'cellXfs') inCellXfs = false;
        return;
      }
      if (e.type !== 'open') return;
      const a = e.tag.attributes;
      if (e.tag.name === 'numFmt' && a.numFmtId !== undefined) {
        const code = (a.formatCode ?? '').replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
        if (/[yd]|h|(^|[^0#.,])m/i.test(code) && !/^[0#.,%]+$/.test(code)) customDates.add(Number(a.numFmtId));
      } else if (e.tag.name === 'cellXfs') inCellXfs = true;
      else if (e.tag.name === 'xf' && inCellXfs) xfFormats.push(Number(a.numFmtId ?? 0));
    });
    const dateStyles = new Set<number>();
    xfFormats.forEach((id, index) => {
      if (BUILTIN_DATE_FORMATS.has(id) || customDates.has(id)) dateStyles.add(index);
    });
    return new XlsxReader(zip, inflated, sheets, strings, dateStyles);
  }

  /** The rows of one sheet, in order, a chunk's worth at a time; `sheet.merged` is filled once they are read. */
  async *rows(name: string, sheet: XlsxSheet): AsyncGenerator<XlsxRow[]> {
    const path = this.sheets.get(name);
    if (!path) return;
    let row: XlsxRow | null = null;
    const { cellChars } = this.inflated.limits;
    let cell: { index: number; type: string; style: number; value: string[]; length: number; formula: string | null; inValue: boolean; inFormula: boolean } | null = null;
    for await (const batch of xmlEvents(this.zip, path, this.inflated, this.inflated.limits.xlsxEntryBytes)) {
      const done: XlsxRow[] = [];
      for (const e of batch) {
      if (e.type === 'open') {
        const a = e.tag.attributes;
        switch (e.tag.name) {
          case 'row':
            row = { number: Number(a.r ?? (row ? row.number + 1 : 1)), cells: new Map() };
            break;
          case 'c':
            if (!a.r && row && row.cells.size > LAST_COLUMN) throw new FileRefused('column_out_of_range', `${name}!${row.number}`);
            cell = {
              index: a.r ? columnIndex(String(a.r)) : row ? row.cells.size : 0,
              type: String(a.t ?? 'n'),
              style: Number(a.s ?? 0),
              value: [],
              length: 0,
              formula: null,
              inValue: false,
              inFormula: false,
            };
            break;
          case 'v':
          case 't':
            if (cell) cell.inValue = true;
            break;
          case 'f':
            if (cell) {
              cell.inFormula = true;
              cell.formula = '';
            }
            break;
          case 'mergeCell':
            if (a.ref) sheet.merged.push(String(a.ref));
            break;
        }
      } else if (e.type === 'text') {
        if (cell && (cell.inValue || cell.inFormula)) {
          cell.length += e.text.length;
          if (cell.length > cellChars) throw new FileRefused('cell_too_long', `${name}!${columnLetter(cell.index)}${row?.number ?? ''}`);
          if (cell.inValue) cell.value.push(e.text);
          else cell.formula += e.text;
        }
      } else {
        switch (e.name) {
          case 'v':
          case 't':
            if (cell) cell.inValue = false;
            break;
          case 'f':
            if (cell) cell.inFormula = false;
            break;
          case 'c':
            if (cell && row) row.cells.set(cell.index, this.cellValue(cell));
            cell = null;
            break;
          case 'row':
            if (row) done.push(row);
            row = null;
            break;
        }
      }
      }
      if (done.length > 0) yield done;
    }
  }

  private cellValue(c: { type: string; style: number; value: string[]; formula: string | null }): XlsxValue {
    if (c.formula !== null) return { formula: c.formula };
    const text = c.value.join('');
    switch (c.type) {
      case 's':
        return this.sharedStrings[Number(text)] ?? null;
      case 'inlineStr':
      case 'str':
        return text;
      case 'b':
        return text === '1';
      case 'e':
        return null;
      default: {
        if (text === '') return null;
        const n = Number(text);
        if (this.dateStyles.has(c.style) && Number.isFinite(n)) {
          // Excel's serial dates count days from 1899-12-30 (the 1900 leap-year bug included).
          const date = new Date(Date.UTC(1899, 11, 30) + Math.round(n * 86_400_000));
          return { date: date.toISOString().slice(0, 10) };
        }
        return n;
      }
    }
  }
}

/** The letters of a 0-based column index, as spreadsheets name it (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
