import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * A small streaming reader for .xlsx: cell values row by row, shared strings, dates from number
 * formats, formulas and merged cells reported, memory flat in the number of rows. It decodes UTF-8
 * with a streaming decoder, so a Chinese character split between two chunks stays whole (ExcelJS 4.4's
 * streaming reader does not, and its whole-file reader took 12 s and 1.5 GB for 100,000 rows).
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

/** Column index (0-based) of an A1 reference. */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

type XmlEvent = { type: 'open'; tag: SaxesTagPlain } | { type: 'text'; text: string } | { type: 'close'; name: string };

/**
 * The XML events of a zip entry, a chunk's worth at a time: yielding each event on its own would cost
 * a promise per event, tens of millions for a large sheet.
 */
async function* xmlEvents(zip: JSZip, path: string): AsyncGenerator<XmlEvent[]> {
  const entry = zip.file(path);
  if (!entry) return;
  const parser = new SaxesParser();
  let events: XmlEvent[] = [];
  parser.on('opentag', (tag) => events.push({ type: 'open', tag: tag as SaxesTagPlain }));
  parser.on('text', (text) => events.push({ type: 'text', text }));
  parser.on('closetag', (tag) => events.push({ type: 'close', name: tag.name }));
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of new Readable().wrap(entry.nodeStream('nodebuffer')) as AsyncIterable<Buffer>) {
    parser.write(decoder.decode(chunk, { stream: true }));
    const batch = events;
    events = [];
    yield batch;
  }
  parser.write(decoder.decode());
  parser.close();
  yield events;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** An open workbook: its sheets by name, read one at a time. */
export class XlsxReader {
  private constructor(
    private readonly zip: JSZip,
    readonly sheets: Map<string, string>,
    private readonly sharedStrings: string[],
    private readonly dateStyles: Set<number>,
  ) {}

  /** Opens a workbook; throws when the bytes are not one. */
  static async open(buffer: Buffer): Promise<XlsxReader> {
    const zip = await JSZip.loadAsync(buffer);
    const workbook = await zip.file('xl/workbook.xml')?.async('string');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')?.async('string');
    if (!workbook || !rels) throw new Error('not an xlsx workbook');
    const targets = new Map<string, string>();
    for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
      const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
      const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    }
    const sheets = new Map<string, string>();
    for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
      const name = /\bname="([^"]+)"/.exec(m[0])?.[1];
      const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
      const path = rid ? targets.get(rid) : undefined;
      if (name && path) sheets.set(decodeEntities(name), path);
    }
    const strings: string[] = [];
    let current: string[] | null = null;
    let inText = false;
    let inPhonetic = false;
    for await (const batch of xmlEvents(zip, 'xl/sharedStrings.xml')) for (const e of batch) {
      if (e.type === 'open') {
        if (e.tag.name === 'si') current = [];
        else if (e.tag.name === 'rPh') inPhonetic = true;
        else if (e.tag.name === 't' && !inPhonetic) inText = true;
      } else if (e.type === 'text') {
        if (inText && current) current.push(e.text);
      } else if (e.name === 'si') {
        strings.push((current ?? []).join(''));
        current = null;
      } else if (e.name === 't') inText = false;
      else if (e.name === 'rPh') inPhonetic = false;
    }
    const dateStyles = new Set<number>();
    const styles = await zip.file('xl/styles.xml')?.async('string');
    if (styles) {
      const customDates = new Set<number>();
      for (const m of styles.matchAll(/<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"/g)) {
        // A format is a date when it shows years, days or hours outside quoted text and colour codes.
        const code = (m[2] ?? '').replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '');
        if (/[yd]|h|(^|[^0#.,])m/i.test(code) && !/^[0#.,%]+$/.test(code)) customDates.add(Number(m[1]));
      }
      const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
      [...xfs.matchAll(/<xf\b[^>]*>/g)].forEach((m, index) => {
        const id = Number(/\bnumFmtId="(\d+)"/.exec(m[0])?.[1] ?? 0);
        if (BUILTIN_DATE_FORMATS.has(id) || customDates.has(id)) dateStyles.add(index);
      });
    }
    return new XlsxReader(zip, sheets, strings, dateStyles);
  }

  /** The rows of one sheet, in order, a chunk's worth at a time; `sheet.merged` is filled once they are read. */
  async *rows(name: string, sheet: XlsxSheet): AsyncGenerator<XlsxRow[]> {
    const path = this.sheets.get(name);
    if (!path) return;
    let row: XlsxRow | null = null;
    let cell: { index: number; type: string; style: number; value: string[]; formula: string | null; inValue: boolean; inFormula: boolean } | null = null;
    for await (const batch of xmlEvents(this.zip, path)) {
      const done: XlsxRow[] = [];
      for (const e of batch) {
      if (e.type === 'open') {
        const a = e.tag.attributes;
        switch (e.tag.name) {
          case 'row':
            row = { number: Number(a.r ?? (row ? row.number + 1 : 1)), cells: new Map() };
            break;
          case 'c':
            cell = {
              index: a.r ? columnIndex(String(a.r)) : row ? row.cells.size : 0,
              type: String(a.t ?? 'n'),
              style: Number(a.s ?? 0),
              value: [],
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
        if (cell?.inValue) cell.value.push(e.text);
        else if (cell?.inFormula) cell.formula += e.text;
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

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
