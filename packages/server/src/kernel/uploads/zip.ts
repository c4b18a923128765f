import { FileRefused, type UploadLimits } from './limits.ts';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;

/** Whether the bytes begin as a zip (an .xlsx is one). */
export function looksLikeZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === LOCAL_HEADER;
}

/**
 * Checks a zip's central directory before anything is inflated: the count of its entries and the sizes
 * they declare, each and in total. Declared sizes can lie, so the reading counts what it inflates too
 * (see XlsxReader); this refuses the honest bomb without inflating a byte, and a directory of a hundred
 * thousand entries before a zip library builds an object for each.
 */
export function checkZipDirectory(buffer: Buffer, limits: UploadLimits): void {
  // The end record is the last 22 bytes, or further back by a comment of up to 65,535 bytes.
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end === -1) throw new FileRefused('xlsx_malformed', 'no end of central directory (truncated?)');
  let entries = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  if (offset === 0xffff_ffff || entries === 0xffff) {
    // ZIP64: the locator just before the end record points at the 64-bit end record.
    const locator = end - 20;
    if (locator < 0 || buffer.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new FileRefused('xlsx_malformed', 'zip64 locator missing');
    const at = Number(buffer.readBigUInt64LE(locator + 8));
    if (at + 56 > buffer.length || buffer.readUInt32LE(at) !== ZIP64_END) throw new FileRefused('xlsx_malformed', 'zip64 end record missing');
    entries = Number(buffer.readBigUInt64LE(at + 32));
    offset = Number(buffer.readBigUInt64LE(at + 48));
  }
  if (entries > limits.xlsxEntries) throw new FileRefused('xlsx_too_many_entries', String(entries));
  let at = offset;
  let count = 0;
  let total = 0;
  while (at + 46 <= buffer.length && buffer.readUInt32LE(at) === CENTRAL_HEADER) {
    if (++count > limits.xlsxEntries) throw new FileRefused('xlsx_too_many_entries', String(count));
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    // 0xFFFFFFFF defers to a ZIP64 field: at least 4 GiB, more than any entry may be.
    const size = buffer.readUInt32LE(at + 24);
    const name = buffer.toString('utf8', at + 46, Math.min(buffer.length, at + 46 + Math.min(nameLength, 200)));
    if (size > limits.xlsxEntryBytes) throw new FileRefused('xlsx_uncompressed_too_large', name);
    total += size;
    if (total > limits.xlsxTotalBytes) throw new FileRefused('xlsx_uncompressed_too_large', name);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (count === 0 || count !== entries) throw new FileRefused('xlsx_malformed', `central directory holds ${count} of ${entries} entries`);
}
