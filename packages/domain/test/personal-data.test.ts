import { describe, expect, it } from 'vitest';
import { maskPersonalData, seesPersonalData } from '../src/index.ts';

describe('maskPersonalData', () => {
  it.each([
    ['an ID number by name', { idNumber: '45102219800101001X' }, { idNumber: '451022********001X' }],
    ['a row column', { id_number: '451022198001010011' }, { id_number: '451022********0011' }],
    ['a phone', { phone: '13812345678' }, { phone: '138****5678' }],
    ['a bank account', { bank_account: '6217001234567890123' }, { bank_account: '****0123' }],
    ['health and disability', { health: 'disabled', disabilityType: 'visual', disabilityGrade: 2 }, { health: '***', disabilityType: '***', disabilityGrade: '***' }],
    ['unknown stays unknown', { health: null, phone: null }, { health: null, phone: null }],
    ['nested members', { members: [{ name: '甲', idNumber: '451022198001010011', health: 'serious' }] }, { members: [{ name: '甲', idNumber: '451022********0011', health: '***' }] }],
    ['an ID inside other text', { note: '身份证 451022198001010011 已核', id: '42' }, { note: '身份证 451022********0011 已核', id: '42' }],
    ['a longer run of digits is no ID', { count: '1234567890123456789012' }, { count: '1234567890123456789012' }],
    ['other fields untouched', { name: '张三', year: 2026, ok: true }, { name: '张三', year: 2026, ok: true }],
  ])('masks %s', (_case, input, expected) => {
    expect(maskPersonalData(input)).toEqual(expected);
  });

  it('leaves full data to roles that enter the registry', () => {
    expect(seesPersonalData('county_officer')).toBe(true);
    expect(seesPersonalData('inspector')).toBe(false);
    expect(seesPersonalData('helper')).toBe(false);
  });
});
