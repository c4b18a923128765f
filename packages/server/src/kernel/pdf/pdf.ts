import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The parts of pdfmake 0.3 (a CommonJS singleton without types of its own) that we use. */
interface PdfMake {
  virtualfs: { writeFileSync(name: string, content: Buffer): void; existsSync(name: string): boolean };
  setFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: PdfDocument): { getBuffer(): Promise<Buffer> };
}

/** A pdfmake document definition; content nodes are pdfmake's own loosely typed objects. */
export interface PdfDocument {
  content: unknown[];
  info?: { title?: string; author?: string; subject?: string };
  pageSize?: string;
  pageOrientation?: 'portrait' | 'landscape';
  pageMargins?: [number, number, number, number];
  defaultStyle?: Record<string, unknown>;
  styles?: Record<string, Record<string, unknown>>;
  footer?: (currentPage: number, pageCount: number) => unknown;
}

const require = createRequire(import.meta.url);
let loaded: PdfMake | undefined;

/**
 * pdfmake with Noto Sans Hans (SIL OFL, installed by npm with @embedpdf/fonts-sc), so Chinese prints on a
 * machine without any system font. Fonts are read on the first PDF and embedded as subsets. Documents
 * may reach neither URLs nor local files: everything they show is passed in.
 */
function pdfmake(): PdfMake {
  if (loaded) return loaded;
  const instance = require('pdfmake') as PdfMake;
  const fonts = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  instance.virtualfs.writeFileSync('NotoSansHans-Regular.otf', readFileSync(join(fonts, 'NotoSansHans-Regular.otf')));
  instance.virtualfs.writeFileSync('NotoSansHans-Bold.otf', readFileSync(join(fonts, 'NotoSansHans-Bold.otf')));
  instance.setFonts({
    NotoSansHans: { normal: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf', italics: 'NotoSansHans-Regular.otf', bolditalics: 'NotoSansHans-Bold.otf' },
  });
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy(() => false);
  loaded = instance;
  return instance;
}

/** Renders a document to PDF bytes in the Chinese font. */
export async function renderPdf(doc: PdfDocument): Promise<Buffer> {
  return pdfmake()
    .createPdf({ pageSize: 'A4', pageMargins: [40, 48, 40, 48], ...doc, defaultStyle: { font: 'NotoSansHans', fontSize: 10, lineHeight: 1.3, ...doc.defaultStyle } })
    .getBuffer();
}
