import { describe, expect, it } from 'vitest';
import {
  ancestorCodes,
  can,
  countyCodeOf,
  errorMessage,
  householdPatchSchema,
  idCheckChar,
  isStrongPassword,
  passwordProblem,
  isWithinScope,
  levelOfCode,
  maskIdNumber,
  maskPhone,
  memberPatchSchema,
  membersAtYearEnd,
  normalizeIdNumber,
  parentCodeOf,
  parseIdNumber,
  pickLang,
  statusOf,
} from '../src/index.ts';

describe('region codes', () => {
  it.each([
    ['CN', 0],
    ['45', 1],
    ['4510', 2],
    ['451022', 3],
    ['451022100', 4],
    ['451022100001', 5],
    ['45102', null],
    ['4510221000011', null],
    ['45a022', null],
    ['', null],
  ])('%s is at level %s', (code, level) => {
    expect(levelOfCode(code)).toBe(level);
  });

  it('keeps codes that collide when padded apart (东莞市 4419 and its county-level 441900)', () => {
    expect(parentCodeOf('441900')).toBe('4419');
    expect(parentCodeOf('441900003')).toBe('441900');
    expect(parentCodeOf('350527000')).toBe('350527');
    expect(isWithinScope('441900003', '4419')).toBe(true);
  });

  it('derives ancestors and the county', () => {
    expect(ancestorCodes('451022100001')).toEqual(['CN', '45', '4510', '451022', '451022100', '451022100001']);
    expect(countyCodeOf('451022100001')).toBe('451022');
    expect(countyCodeOf('4510')).toBeNull();
  });

  it('scopes by prefix: the country sees all, a township not its neighbour', () => {
    expect(isWithinScope('451022100001', 'CN')).toBe(true);
    expect(isWithinScope('451022100001', '451022100')).toBe(true);
    expect(isWithinScope('451022101201', '451022100')).toBe(false);
    expect(isWithinScope('451022', '451022100')).toBe(false);
  });
});

describe('ID numbers (GB 11643)', () => {
  // The standard's own example: 11010519491231002X.
  it('computes the check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });

  it('normalises full-width digits, spaces and a lowercase x', () => {
    expect(normalizeIdNumber('１１０１０５ 1949 1231 002x')).toBe('11010519491231002X');
  });

  it('parses birth date and sex', () => {
    expect(parseIdNumber('11010519491231002x')).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', regionCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('knows leap years: 29 February of 2000 and 2024 exists, of 1900 and 2023 does not', () => {
    const withCheck = (first17: string) => first17 + idCheckChar(first17);
    for (const birth of ['20000229', '20240229', '19961231', '18800101']) expect(parseIdNumber(withCheck(`110105${birth}001`)).ok, birth).toBe(true);
    for (const birth of ['19000229', '20230229', '20240431', '20241301', '20240100', '18791231']) {
      expect(parseIdNumber(withCheck(`110105${birth}001`)), birth).toEqual({ ok: false, problem: 'birth_date' });
    }
  });

  it.each([
    ['1101051949123100', 'format'],
    ['11010519490231002X', 'birth_date'],
    ['110105194912310021', 'check_char'],
  ])('refuses %s: %s', (id, problem) => {
    expect(parseIdNumber(id)).toEqual({ ok: false, problem });
  });

  it('masks IDs and phones', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('errors and languages', () => {
  it('maps codes to statuses and both languages', () => {
    expect(statusOf('not_found')).toBe(404);
    expect(statusOf('account_locked')).toBe(423);
    expect(errorMessage('invalid_credentials', 'en')).toBe('Wrong username or password');
    expect(errorMessage('invalid_credentials', 'zh-CN')).toBe('用户名或密码错误');
  });

  it.each([
    [undefined, 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['fr-FR,en;q=0.5', 'en'],
    ['en;q=0.3,zh;q=0.8', 'zh-CN'],
    ['de', 'zh-CN'],
  ])('Accept-Language %s → %s', (header, lang) => {
    expect(pickLang(header)).toBe(lang);
  });
});

describe('roles and passwords', () => {
  it('gives user management to admins only', () => {
    expect(can('admin', 'manageUsers')).toBe(true);
    expect(can('county_officer', 'manageUsers')).toBe(false);
    expect(can('inspector', 'readAudit')).toBe(true);
    expect(can('helper', 'readAudit')).toBe(false);
  });

  it.each([
    ['tiandong2026', undefined, null],
    ['test-pass-2026', 'county', null],
    ['short1', undefined, 'password_too_short'],
    ['onlyletters', undefined, 'password_letters_and_digits'],
    ['1234567890', undefined, 'password_letters_and_digits'],
    ['password1', undefined, 'password_common'],
    ['abcd1234', undefined, 'password_common'],
    ['demo2026', undefined, 'password_common'],
    ['Password2026!', undefined, 'password_common'],
    ['ADMIN888', undefined, 'password_common'],
    ['2026qwerty', undefined, 'password_common'],
    ['woaini1314', undefined, 'password_common'],
    ['zhang.san2026', 'zhang.san', 'password_contains_username'],
    ['ZHANG.SAN2026', 'zhang.san', 'password_contains_username'],
    ['2026nas.gnahz', 'zhang.san', 'password_contains_username'],
    ['li12345678', 'li', null],
    ['county2026', 'county', 'password_contains_username'],
  ])('password %s (user %s) breaks %s', (pw, username, rule) => {
    expect(passwordProblem(pw, username)).toBe(rule);
    expect(isStrongPassword(pw, username)).toBe(rule === null);
  });
});

describe('household corrections', () => {
  it('leave every field they do not name as it is (no defaults in a patch)', () => {
    expect(householdPatchSchema.parse({ reason: '核实' })).toEqual({ reason: '核实' });
    expect(householdPatchSchema.parse({ reason: '核实', assets: { car: true } })).toEqual({ reason: '核实', assets: { car: true } });
    expect(memberPatchSchema.parse({ reason: '核实', health: 'chronic' })).toEqual({ reason: '核实', health: 'chronic' });
  });

  it('count the members present at the end of a year', () => {
    const members = [
      { birth_date: '1970-01-01', joined_on: null, left_on: null },
      { birth_date: '2016-05-05', joined_on: '2016-05-05', left_on: null },
      { birth_date: '1940-01-01', joined_on: null, left_on: '2015-06-01' },
    ];
    expect(membersAtYearEnd(members, 2014)).toBe(2);
    expect(membersAtYearEnd(members, 2015)).toBe(1);
    expect(membersAtYearEnd(members, 2016)).toBe(2);
  });
});
