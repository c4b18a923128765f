import { useEffect, useRef, useState } from 'react';
import { Button, Switch } from 'antd-mobile';
import { useI18n, type MessageKey } from '../../shared/i18n/I18nProvider.tsx';
import type { FieldLocation } from './draft.ts';

/** Beyond this many metres the position says little about which house it was. */
const POOR_ACCURACY_M = 200;

/** Why no position came, as a message key. */
function failureKey(error: GeolocationPositionError | 'unsupported' | 'insecure'): MessageKey {
  if (error === 'unsupported') return 'field.location.unsupported';
  if (error === 'insecure') return 'field.location.insecure';
  if (error.code === error.PERMISSION_DENIED) return 'field.location.denied';
  if (error.code === error.TIMEOUT) return 'field.location.timeout';
  return 'field.location.unavailable';
}

/**
 * 记录位置: optional. Switched on, it asks the phone once for its position and shows how accurate it is;
 * a refusal, a timeout or no GPS is explained and the switch goes back off. It never blocks the form.
 */
export function LocationField({ value, onChange }: { value?: FieldLocation | null; onChange?: (value: FieldLocation | null) => void }) {
  const { t } = useI18n();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const locate = () => {
    setFailure(null);
    if (typeof window !== 'undefined' && window.isSecureContext === false) return setFailure(failureKey('insecure'));
    if (!('geolocation' in navigator)) return setFailure(failureKey('unsupported'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (!alive.current) return;
        setLocating(false);
        const { latitude, longitude, accuracy } = position.coords;
        onChange?.({ latitude, longitude, ...(Number.isFinite(accuracy) ? { accuracy: Math.min(100_000, Math.round(accuracy)) } : {}) });
      },
      (error) => {
        if (!alive.current) return;
        setLocating(false);
        setFailure(failureKey(error));
        onChange?.(null);
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const toggle = (on: boolean) => {
    if (on) locate();
    else {
      setFailure(null);
      onChange?.(null);
    }
  };

  const accuracy = value?.accuracy;
  return (
    <div data-testid="field-location">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, minHeight: 44 }}>
        <span style={{ fontSize: 16 }}>{t('field.location.label')}</span>
        <Switch checked={Boolean(value) || locating} loading={locating} onChange={toggle} aria-label={t('field.location.label')} style={{ ['--height' as string]: '36px', ['--width' as string]: '60px' }} />
      </div>
      {locating && <div style={{ color: '#666', fontSize: 14 }}>{t('field.location.locating')}</div>}
      {value && !locating && (
        <div style={{ fontSize: 14, color: '#333', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }} data-testid="field-location-value">
          <span>
            {accuracy !== undefined ? t('field.location.accuracy', { m: accuracy }) : t('field.location.noAccuracy')}
            {accuracy !== undefined && accuracy > POOR_ACCURACY_M && <span style={{ color: '#d4380d' }}> {t('field.location.poor')}</span>}
          </span>
          <Button size="small" fill="none" color="primary" onClick={locate}>
            {t('field.location.again')}
          </Button>
        </div>
      )}
      {failure && !locating && (
        <div style={{ fontSize: 14, color: '#d4380d' }} data-testid="field-location-failure">
          {t(failure)}
        </div>
      )}
      {!value && !failure && !locating && <div style={{ color: '#999', fontSize: 13 }}>{t('field.location.hint')}</div>}
    </div>
  );
}
