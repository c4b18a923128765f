import { describe, expect, it } from 'vitest';
import type { UserView } from '@jingzhun/domain';
import { newUserBody, userChanges, type UserFormValues } from '../src/features/users/userForm.ts';

const form: UserFormValues = { username: ' unit1 ', displayName: ' 县农业农村局 ', role: 'aid_unit', regionCode: '451022', password: 'Start2026x', active: true, aidUnitId: '13' };
const account: UserView = {
  id: '7', username: 'unit1', displayName: '县农业农村局', role: 'aid_unit', regionCode: '451022', regionName: '田东县',
  active: true, locked: false, mustChangePassword: false, aidUnitId: '13', aidUnitName: '县芒果产业协会', lastLoginAt: null, createdAt: '2026-01-01T00:00:00Z',
};

describe('the user form and an account’s aid unit', () => {
  it('sends the unit of a new aid unit’s account', () => {
    expect(newUserBody(form)).toEqual({ username: 'unit1', displayName: '县农业农村局', role: 'aid_unit', regionCode: '451022', password: 'Start2026x', aidUnitId: '13' });
  });

  it('sends no unit for another role, even one left in the form from 帮扶单位', () => {
    expect(newUserBody({ ...form, role: 'helper' })).not.toHaveProperty('aidUnitId');
  });

  it('sends only a changed unit when editing', () => {
    expect(userChanges(account, { ...form, displayName: '县农业农村局' })).toEqual({});
    expect(userChanges(account, { ...form, displayName: '县农业农村局', aidUnitId: '14' })).toEqual({ aidUnitId: '14' });
  });

  it('sends no unit when the role changes away from 帮扶单位 (the server clears it)', () => {
    expect(userChanges(account, { ...form, displayName: '县农业农村局', role: 'helper' })).toEqual({ role: 'helper' });
  });

  it('sends the unit with a role changed to 帮扶单位', () => {
    const helper = { ...account, role: 'helper' as const, aidUnitId: null, aidUnitName: null };
    expect(userChanges(helper, { ...form, displayName: '县农业农村局' })).toEqual({ role: 'aid_unit', aidUnitId: '13' });
  });
});
