import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Hostile files for the upload tests and the bomb benchmark, built small: a zip written by hand (so it can
 * declare sizes that lie), entries deflated from repeated bytes (a megabyte of one byte deflates to about a
 * kilobyte, so a gigabyte fits in one), DTDs, truncations.
 */

/** An entry of a hand-made zip: its bytes, or a deflated stream with the size it inflates to and the size it declares. */
export type ZipEntry = { name: string; data: Buffer } | { name: string; deflated: Buffer; size: number; declared: number };

/** A zip of the entries, deflated, with a central directory declaring what each entry says. */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    // Empty entries are stored (method 0): deflating twenty thousand of them would take seconds.
    const stored = 'data' in e && e.data.length === 0;
    const body = 'data' in e ? (stored ? e.data : deflateRawSync(e.data)) : e.deflated;
    const size = 'data' in e ? e.data.length : e.declared;
    const crc = 'data' in e ? crc32(e.data) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A raw deflate stream of `head`, then `pattern` repeated to `bytes` bytes, then `tail`: a megabyte of the
 * pattern is deflated once and repeated (each piece ends on a sync flush, so the pieces join into one stream).
 */
export function deflatedRepeat(head: string, pattern: string, bytes: number, tail: string): { deflated: Buffer; size: number } {
  const unit = Buffer.from(pattern, 'utf8');
  const chunk = Buffer.alloc(Math.floor((1 << 20) / unit.length) * unit.length);
  for (let i = 0; i < chunk.length; i += unit.length) unit.copy(chunk, i);
  const flush = { level: 9, finishFlush: constants.Z_SYNC_FLUSH };
  const pieces = [deflateRawSync(Buffer.from(head, 'utf8'), flush)];
  const piece = deflateRawSync(chunk, flush);
  const count = Math.ceil(bytes / chunk.length);
  for (let i = 0; i < count; i++) pieces.push(piece);
  pieces.push(deflateRawSync(Buffer.from(tail, 'utf8')));
  return { deflated: Buffer.concat(pieces), size: head.length + count * chunk.length + tail.length };
}

/** The sheets every upload route reads (household members and incomes, population, a feed's first): all one sheet. */
const SHEETS = ['家庭成员', '收入', '农村户籍人口'];

/** A workbook's frame around its sheet XML and shared strings (each an entry, possibly a bomb). */
export function workbookOf(sheet: ZipEntry | string, sharedStrings?: ZipEntry | string): Buffer {
  const entry = (name: string, e: ZipEntry | string): ZipEntry => (typeof e === 'string' ? { name, data: Buffer.from(e, 'utf8') } : { ...e, name });
  const entries: ZipEntry[] = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="xml" ContentType="application/xml"/></Types>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
          SHEETS.map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
          '</sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          SHEETS.map((_, i) => `<Relationship Id="rId${i + 1}" Type="worksheet" Target="worksheets/sheet1.xml"/>`).join('') +
          '</Relationships>',
      ),
    },
    entry('xl/worksheets/sheet1.xml', sheet),
  ];
  if (sharedStrings !== undefined) entries.push(entry('xl/sharedStrings.xml', sharedStrings));
  return zipOf(entries);
}

const GB = 1024 * 1024 * 1024;
const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const SHARED_HEAD = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
const PLAIN_SHEET = `${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_TAIL}`;

/** The issue's bomb: shared strings that inflate to 1 GB of short strings; `honest` declares the size, else it claims 1 KB. */
export function sharedStringsBomb(honest: boolean): Buffer {
  const { deflated, size } = deflatedRepeat(SHARED_HEAD, '<si><t>身份证号码</t></si>', GB, '</sst>');
  return workbookOf(PLAIN_SHEET, { name: '', deflated, size, declared: honest ? Math.min(size, 0xffff_fffe) : 1024 });
}

/** One cell of 1 GB in the sheet every route reads, its size declared as 1 KB. */
export function hugeCellBomb(): Buffer {
  const { deflated, size } = deflatedRepeat(`${SHEET_HEAD}<row r="1"><c r="A1" t="inlineStr"><is><t>`, 'A', GB, `</t></is></c></row>${SHEET_TAIL}`);
  return workbookOf({ name: '', deflated, size, declared: 1024 });
}

/** One shared string of 1 GB. */
export function hugeSharedStringBomb(): Buffer {
  const { deflated, size } = deflatedRepeat(`${SHARED_HEAD}<si><t>`, 'B', GB, '</t></si></sst>');
  return workbookOf(PLAIN_SHEET, { name: '', deflated, size, declared: 1024 });
}

/** A zip of `count` empty entries: a directory the zip library would build an object for each of. */
export function manyEntriesBomb(count = 20_000): Buffer {
  return zipOf(Array.from({ length: count }, (_, i) => ({ name: `x/${i}`, data: Buffer.alloc(0) })));
}

/** Billion laughs: nested entities that would expand to 3 GB, in the shared strings or in the sheet. */
export function billionLaughs(where: 'sharedStrings' | 'sheet'): Buffer {
  const dtd =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
    ']>';
  if (where === 'sharedStrings') return workbookOf(PLAIN_SHEET, `${dtd}<sst><si><t>&lol9;</t></si></sst>`);
  return workbookOf(`${dtd}<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>`);
}

/** A small workbook cut in half: its end of central directory is gone. */
export function truncatedWorkbook(): Buffer {
  const whole = workbookOf(PLAIN_SHEET, `${SHARED_HEAD}<si><t>${'户主姓名'.repeat(2000)}</t></si></sst>`);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** The first bytes of a PNG, its signature and header chunk (a photo renamed .xlsx or .csv). */
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  Buffer.alloc(64, 7),
]);
