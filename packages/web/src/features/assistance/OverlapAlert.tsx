import { Alert } from 'antd';
import { isApiError, type ApiError } from '../../shared/api/client.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';

/** The existing pairing a new one clashes with, as `pairing_overlaps` names it. */
interface Overlap {
  message: string;
  startsOn: string | null;
  endsOn: string | null;
}

/** The clash a `pairing_overlaps` answer reports. */
function overlapOf(error: ApiError): Overlap {
  const d = (error.details ?? {}) as { startsOn?: unknown; endsOn?: unknown };
  return {
    message: error.message,
    startsOn: typeof d.startsOn === 'string' ? d.startsOn : null,
    endsOn: typeof d.endsOn === 'string' ? d.endsOn : null,
  };
}

/** Says plainly that a pairing overlaps an existing one of the same pair, and which one. */
function OverlapAlert({ overlap }: { overlap: Overlap }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={overlap.message}
      description={
        overlap.startsOn
          ? t('assistance.overlap.existing', { from: overlap.startsOn, to: overlap.endsOn ?? t('assistance.pairing.open') })
          : t('assistance.overlap.hint')
      }
      data-testid="pairing-overlap"
    />
  );
}

/** The overlap alert for a `pairing_overlaps` answer, null for any other error (a FormModal's `errorAlert`). */
export function overlapAlert(error: unknown) {
  return isApiError(error) && error.code === 'pairing_overlaps' ? <OverlapAlert overlap={overlapOf(error)} /> : null;
}
