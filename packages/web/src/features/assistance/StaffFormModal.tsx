import { Form, Input } from 'antd';
import { phoneSchema } from '@jingzhun/domain';
import { addStaff } from './api.ts';
import { FormModal } from '../../shared/components/FormModal.tsx';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { schemaRule } from '../households/form/rules.ts';

interface Values {
  name: string;
  phone?: string;
  position?: string;
  userId?: string;
}

const FIELDS = ['name', 'phone', 'position', 'userId'] as const;

/** Adds a member of a unit's staff who helps households, with a login when the person has one. */
export function StaffFormModal({ unitId, onClose, onSaved }: { unitId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  return (
    <FormModal<Values>
      title={t('assistance.staff.add')}
      fieldNames={FIELDS}
      testId="staff-form"
      onClose={onClose}
      onSaved={onSaved}
      onSubmit={(values) =>
        addStaff(unitId, {
          name: values.name.trim(),
          phone: values.phone?.trim() || null,
          position: values.position?.trim() || null,
          userId: values.userId?.trim() || null,
        })
      }
    >
      <Form.Item name="name" label={t('assistance.staff.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 40 }]}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="phone" label={t('assistance.staff.phone')} rules={[schemaRule(phoneSchema, t('assistance.phoneInvalid'))]}>
        <Input inputMode="tel" maxLength={20} />
      </Form.Item>
      <Form.Item name="position" label={t('assistance.staff.position')} rules={[{ max: 60 }]}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item
        name="userId"
        label={t('assistance.staff.userId')}
        extra={t('assistance.staff.userIdHint')}
        rules={[{ pattern: /^\d{1,18}$/, message: t('assistance.staff.userIdInvalid') }]}
      >
        <Input inputMode="numeric" maxLength={18} />
      </Form.Item>
    </FormModal>
  );
}
