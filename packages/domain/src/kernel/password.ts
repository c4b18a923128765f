import type { Lang } from './roles.ts';

/**
 * The most common passwords of breach corpora (SecLists, NCSC top lists, Chinese leaks such as CSDN and
 * 12306) that the length and letters-and-digits rule would let through, lower-cased. A guesser tries
 * these first, so none of them is a password here.
 */
const COMMON_PASSWORDS = new Set([
  'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword1', 'pa55word',
  'abcd1234', 'abcd12345', 'abc12345', 'abc123456', 'abc1234567', 'abc123456789', 'a1234567', 'a12345678',
  'a123456789', 'a1b2c3d4', 'a1b2c3d4e5', 'aa123456', 'aa12345678', 'aaa12345', 'asd12345', 'asd123456',
  'asdf1234', 'asdfgh123', 'qwer1234', 'qwerty12', 'qwerty123', 'qwerty1234', 'qwe12345', 'qwe123456',
  'qweasd123', 'q1w2e3r4', 'q1w2e3r4t5', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', '1qaz2wsx3edc', 'zaq12wsx',
  '1qazxsw2', 'zxcv1234', 'zxcvbnm1', 'zxcvbnm123', 'zxc123456', '123456abc', '123456aa', '123456qq',
  '12345678a', '123456789a', '1234qwer', '123qwe123', '123abc123', '11111111a', 'qq123456', 'qq12345678',
  'woaini1314', 'woaini520', 'woaini123', '5201314a', 'wang1234', 'wang123456', 'zhang123', 'zhang123456',
  'li123456', 'liu123456', 'chen123456', 'iloveyou1', 'iloveyou2', 'letmein1', 'welcome1', 'welcome123',
  'monkey123', 'dragon123', 'master123', 'sunshine1', 'princess1', 'football1', 'baseball1', 'superman1',
  'trustno1', 'charlie1', 'michael1', 'jordan23', 'shadow123', 'hello123', 'hello1234', 'test1234',
  'test12345', 'test123456', 'testtest1', 'admin123', 'admin1234', 'admin12345', 'admin123456', 'admin888',
  'administrator1', 'root1234', 'root123456', 'user1234', 'guest123', 'demo1234', 'demo12345', 'demo2026',
  'changeme1', 'change123', 'temp1234', 'default1', 'computer1', 'internet1', 'secret123', 'login123',
  'china123', 'china2008', 'beijing2008', 'abcdefg1', 'abcdefg123', 'abcdef123', 'asdfasdf1', 'qazwsx123',
  'mima123456', 'mima1234', 'xiaoming1', 'mypassword1', 'summer2024', 'winter2024', 'spring2024',
]);

/** Words that stay guessable with a year or a counter after them (password2026, admin888, demo2026). */
const COMMON_STEMS = new Set([
  'password', 'passwd', 'passw0rd', 'p@ssw0rd', 'admin', 'administrator', 'root', 'user', 'test', 'demo', 'guest',
  'qwerty', 'qwer', 'asdf', 'zxcv', 'abcd', 'abc', 'abcdef', 'abcdefg', 'welcome', 'letmein', 'iloveyou', 'woaini',
  'qq', 'aa', 'a', 'q', 'china', 'beijing', 'shanghai', 'mima', 'changeme', 'hello', 'login', 'system', 'default',
  'summer', 'winter', 'spring', 'autumn', 'monkey', 'dragon', 'master', 'jingzhun',
]);

/** The rules a password can break; each is named in `details.fields[].code` of a `weak_password` refusal. */
export type PasswordRule =
  | 'password_too_short'
  | 'password_too_long'
  | 'password_letters_and_digits'
  | 'password_common'
  | 'password_contains_username';

export const PASSWORD_RULE_MESSAGES: Record<PasswordRule, Record<Lang, string>> = {
  password_too_short: { 'zh-CN': '密码至少 8 位', en: 'A password needs at least 8 characters' },
  password_too_long: { 'zh-CN': '密码最多 128 位', en: 'A password has at most 128 characters' },
  password_letters_and_digits: { 'zh-CN': '密码须同时包含字母和数字', en: 'A password needs both letters and digits' },
  password_common: {
    'zh-CN': '这是最常见的密码之一,很容易被猜中,请换一个',
    en: 'This is one of the most common passwords and easily guessed; choose another',
  },
  password_contains_username: {
    'zh-CN': '密码不能包含用户名(包括倒写)',
    en: 'A password may not contain the username, forwards or backwards',
  },
};

/**
 * The first rule a password breaks, or null when it is acceptable: 8 to 128 characters with letters and
 * digits, not one of the most common passwords (nor a common word with only digits after it), and not
 * built from the username (containing it, or it reversed, in any case).
 */
export function passwordProblem(password: string, username?: string): PasswordRule | null {
  if (password.length < 8) return 'password_too_short';
  if (password.length > 128) return 'password_too_long';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'password_letters_and_digits';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'password_common';
  const stem = lower.replace(/[\d\W_]+$/, '');
  if (COMMON_STEMS.has(stem) || COMMON_STEMS.has(lower.replace(/^[\d\W_]+/, ''))) return 'password_common';
  const name = username?.trim().toLowerCase() ?? '';
  if (name.length > 0 && (lower === name || (name.length >= 3 && (lower.includes(name) || lower.includes([...name].reverse().join('')))))) {
    return 'password_contains_username';
  }
  return null;
}

/** Whether a password passes the rule (see passwordProblem). */
export function isStrongPassword(password: string, username?: string): boolean {
  return passwordProblem(password, username) === null;
}
