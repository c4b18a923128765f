import { Tag } from 'antd';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { pairingState } from './labels.ts';

/** The state of a pairing as a tag: current, running until a date, or ended. */
export function PairingTag({ endsOn }: { endsOn: string | null }) {
  const { t } = useI18n();
  const state = pairingState(endsOn, chinaDate());
  if (state === 'current') return <Tag color="green">{t('assistance.pairing.current')}</Tag>;
  if (state === 'ending') return <Tag color="gold">{t('assistance.pairing.until', { date: endsOn ?? '' })}</Tag>;
  return <Tag>{t('assistance.pairing.ended')}</Tag>;
}
