import { type Lang, maskIdNumber, noticeHeadName, PROCEDURE_KINDS, type ProcedureKind, todayInChina } from '@jingzhun/domain';
import type { Db } from '../../kernel/db/db.ts';
import { AppError } from '../../kernel/errors.ts';
import { renderPdf } from '../../kernel/pdf/pdf.ts';
import { effectiveProfile } from '../standards/service.ts';
import { activeMembersOf, findVillage, noticesOfVillage, type ProcedureDoc, villageParents } from './repository.ts';

/** A public notice stays on the village's page this many days after it ends, for late readers. */
const NOTICE_GRACE_DAYS = 7;

/**
 * What a village's public notice shows anyone, signed in or not: the households under notice with their
 * number, head, masked ID and size, the decision proposed, the period and the phone for objections.
 */
export async function villageNotices(db: Db, villageCode: string) {
  const village = await findVillage(db, villageCode);
  if (!village) throw new AppError('not_found', { entity: 'region', code: villageCode });
  const path = await villageParents(db, villageCode);
  const today = todayInChina();
  // The head's name is shown as the policy in force allows (in full by custom, or masked).
  const profile = await effectiveProfile(db, villageCode, today);
  const rows = await noticesOfVillage(db, villageCode, today, NOTICE_GRACE_DAYS);
  const members =
    rows.length === 0
      ? []
      : await activeMembersOf(db, villageCode.slice(0, 6), rows.map((r) => r.household_id));
  return {
    village: { ...village, path: path.map((p) => p.name) },
    today,
    items: rows.map((row) => {
      const doc = row.doc as ProcedureDoc;
      const own = members.filter((m) => m.household_id === row.household_id);
      const head = own.find((m) => m.relation === 'head');
      return {
        procedureId: row.id,
        kind: row.kind as ProcedureKind,
        householdNo: row.household_no,
        headName: noticeHeadName(profile, row.head_name),
        headIdNumber: head ? maskIdNumber(head.id_number) : null,
        members: own.length,
        startsOn: row.notice_starts_on,
        endsOn: row.notice_ends_on,
        running: row.notice_ends_on !== null && row.notice_ends_on >= today,
        complaintPhone: doc.complaintPhone,
      };
    }),
  };
}

type Notices = Awaited<ReturnType<typeof villageNotices>>;

const TEXT = {
  'zh-CN': {
    title: (v: string) => `${v}扶贫对象公示`,
    intro: '经农户申请(或提出)、入户调查、村民代表民主评议,现将以下农户拟认定情况予以公示。如有异议,请在公示期内向村委会或通过以下电话反映,也可扫码或访问公示页面在线提出,可匿名。',
    columns: ['序号', '户编号', '户主', '身份证号', '人口', '拟认定事项', '公示期', '监督电话'],
    none: '目前没有正在公示的农户。',
    footer: (today: string) => `公示日期:${today}`,
  },
  en: {
    title: (v: string) => `${v}: public notice of poverty-alleviation decisions`,
    intro: 'After application (or proposal), a household survey and the village representatives’ deliberation, the decisions below are made public. Objections may be raised during the notice period with the village committee or by the phone given, or online on the notice page; they may be anonymous.',
    columns: ['No.', 'Household', 'Head', 'ID number', 'Persons', 'Proposed decision', 'Notice period', 'Phone'],
    none: 'No household is under notice at present.',
    footer: (today: string) => `Date: ${today}`,
  },
} as const;

/** The notice as an A4 PDF for the village board, in the request's language. */
export async function noticePdf(notices: Notices, lang: Lang): Promise<Buffer> {
  const t = TEXT[lang];
  const body = notices.items.map((item, i) => [
    String(i + 1),
    item.householdNo,
    item.headName,
    item.headIdNumber ?? '',
    String(item.members),
    PROCEDURE_KINDS[item.kind][lang],
    `${item.startsOn ?? ''} ~ ${item.endsOn ?? ''}`,
    item.complaintPhone ?? '',
  ]);
  return renderPdf({
    info: { title: t.title(notices.village.name), author: 'jingzhun' },
    pageOrientation: 'landscape',
    content: [
      { text: [...notices.village.path, notices.village.name].join(' '), alignment: 'center', color: '#555' },
      { text: t.title(notices.village.name), style: 'title' },
      { text: t.intro, margin: [0, 4, 0, 10] },
      body.length === 0
        ? { text: t.none, italics: true }
        : {
            table: { headerRows: 1, widths: [24, 90, 60, 120, 32, '*', 110, 80], body: [t.columns.map((c) => ({ text: c, bold: true })), ...body] },
            layout: 'lightHorizontalLines',
          },
      { text: t.footer(notices.today), alignment: 'right', margin: [0, 16, 0, 0] },
    ],
    styles: { title: { fontSize: 18, bold: true, alignment: 'center', margin: [0, 6, 0, 6] } },
  });
}
