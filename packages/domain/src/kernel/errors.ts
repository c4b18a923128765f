import type { Lang } from './roles.ts';

/** The error codes of procedures, each with its HTTP status and messages; to be merged into ERRORS. */
export const PROCEDURE_ERRORS = {
  procedure_closed: { status: 409, 'zh-CN': '该程序已结束,不能再办理', en: 'This procedure has ended' },
  step_out_of_order: { status: 409, 'zh-CN': '当前不在这一环节,请按顺序办理', en: 'This is not the current step of the procedure' },
  step_forbidden: {
    status: 403,
    'zh-CN': '您的角色或管辖范围不能办理这一环节',
    en: 'Your role or region may not act on this step',
  },
  invalid_step_payload: { status: 422, 'zh-CN': '本环节填写的内容有误', en: 'The step’s data are invalid' },
  invalid_return: {
    status: 422,
    'zh-CN': '退回须指明之前的某一环节并说明原因',
    en: 'A return names an earlier step and gives a reason',
  },
  reason_required: { status: 422, 'zh-CN': '请填写原因', en: 'Please give a reason' },
  notice_too_short: { status: 422, 'zh-CN': '公示期短于规定天数', en: 'The public notice is shorter than the rules require' },
  notice_already_open: { status: 409, 'zh-CN': '公示已经发布', en: 'The public notice has already been posted' },
  notice_not_opened: { status: 409, 'zh-CN': '尚未发布公示', en: 'The public notice has not been posted' },
  notice_not_running: { status: 409, 'zh-CN': '不在公示期内', en: 'No public notice is running on that date' },
  notice_not_finished: { status: 409, 'zh-CN': '公示期尚未结束', en: 'The public notice has not ended yet' },
  objections_unresolved: { status: 409, 'zh-CN': '公示期间的异议尚未全部处理', en: 'Some objections to the notice are not resolved' },
  objection_not_found: { status: 404, 'zh-CN': '该异议不存在', en: 'No such objection' },
  objection_already_resolved: { status: 409, 'zh-CN': '该异议已处理', en: 'This objection is already resolved' },
} as const satisfies Record<string, { status: number; 'zh-CN': string; en: string }>;
export type ProcedureErrorCode = keyof typeof PROCEDURE_ERRORS;

/**
 * The closed set of error codes the API answers with, each with its HTTP status and a message for
 * people in both languages. Codes are stable: clients and tests match on them, never on messages.
 */
export const ERRORS = {
  validation_failed: { status: 400, 'zh-CN': '提交的数据有误,请检查标出的字段', en: 'The request has invalid fields' },
  invalid_json: { status: 400, 'zh-CN': '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  payload_too_large: { status: 413, 'zh-CN': '请求内容过大', en: 'The request body is too large' },
  unauthenticated: { status: 401, 'zh-CN': '请先登录', en: 'Please sign in' },
  session_expired: { status: 401, 'zh-CN': '登录已过期,请重新登录', en: 'Your session has expired; please sign in again' },
  invalid_credentials: { status: 401, 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: {
    status: 423,
    'zh-CN': '登录失败次数过多,账号已临时锁定,请稍后再试或联系管理员',
    en: 'Too many failed sign-ins: the account is locked for a while; try later or ask an administrator',
  },
  account_disabled: { status: 403, 'zh-CN': '账号已停用', en: 'This account is disabled' },
  password_change_required: { status: 403, 'zh-CN': '请先修改初始密码', en: 'Please change your initial password first' },
  forbidden: { status: 403, 'zh-CN': '您的角色无权进行此操作', en: 'Your role may not do this' },
  cross_site_request: {
    status: 403,
    'zh-CN': '拒绝来自其他网站的提交,请在本系统页面内操作',
    en: 'A change sent from another site is refused; use the pages of this site',
  },
  not_found: { status: 404, 'zh-CN': '记录不存在或不在您的管辖范围内', en: 'Not found, or outside your region' },
  route_not_found: { status: 404, 'zh-CN': '接口不存在', en: 'No such API route' },
  method_not_allowed: { status: 405, 'zh-CN': '不支持的请求方法', en: 'Method not allowed' },
  conflict: { status: 409, 'zh-CN': '与现有记录冲突', en: 'Conflicts with an existing record' },
  username_taken: { status: 409, 'zh-CN': '用户名已被使用', en: 'That username is already taken' },
  weak_password: {
    status: 400,
    'zh-CN': '密码至少 8 位,须同时包含字母和数字,不能是常见密码,也不能包含用户名',
    en: 'A password needs at least 8 characters with letters and digits, and may be neither a common password nor built from the username',
  },
  wrong_password: { status: 400, 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  region_not_found: { status: 404, 'zh-CN': '行政区划代码不存在', en: 'No region has that code' },
  region_outside_scope: {
    status: 403,
    'zh-CN': '该行政区划不在您的管辖范围内',
    en: 'That region is outside your own region',
  },
  person_already_registered: {
    status: 409,
    'zh-CN': '此人已登记在另一户中,同一人只能登记一次',
    en: 'This person is already registered in another household; a person is registered once',
  },
  invalid_member: { status: 400, 'zh-CN': '家庭成员信息有误', en: 'A member has invalid data' },
  head_count: { status: 400, 'zh-CN': '一户必须有且只有一名户主', en: 'A household needs exactly one head' },
  household_closed: { status: 409, 'zh-CN': '该户已移出建档立卡,不能再修改', en: 'This household has left the registry and cannot be changed' },
  member_not_active: { status: 409, 'zh-CN': '该成员已不在本户', en: 'This member is no longer in the household' },
  pairing_overlaps: {
    status: 409,
    'zh-CN': '该帮扶关系与已有的一段结对时间重叠',
    en: 'This pairing overlaps an existing one of the same people',
  },
  policy_contradiction: {
    status: 422,
    'zh-CN': '政策标准自相矛盾,请检查标出的项目',
    en: 'The policy profile contradicts itself; check the marked items',
  },
  year_out_of_range: { status: 400, 'zh-CN': '年份超出数据范围', en: 'The year is outside the data' },
  rate_limited: { status: 429, 'zh-CN': '请求过于频繁,请稍后再试', en: 'Too many requests; try again later' },
  uploads_busy: { status: 429, 'zh-CN': '正在处理的上传文件过多,请稍后再试', en: 'Too many uploads are being processed; try again shortly' },
  too_many_attempts: {
    status: 429,
    'zh-CN': '密码错误次数过多,请稍后再试',
    en: 'Too many wrong passwords from this address; try again later',
  },
  ...PROCEDURE_ERRORS,
  internal: {
    status: 500,
    'zh-CN': '服务器内部错误,请凭关联编号联系管理员',
    en: 'Internal error; give the correlation id to an administrator',
  },
} as const satisfies Record<string, { status: number; 'zh-CN': string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The HTTP status of an error code. */
export function statusOf(code: ErrorCode): number {
  return ERRORS[code].status;
}

/** The message for people of an error code. */
export function errorMessage(code: ErrorCode, lang: Lang): string {
  return ERRORS[code][lang];
}

/** Picks zh-CN or en from an Accept-Language header; Chinese unless English is preferred. */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((x) => x.tag.startsWith('zh') || x.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh-CN';
}
