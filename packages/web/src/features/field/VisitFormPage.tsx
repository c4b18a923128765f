import { useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { Button, DatePicker, Form, ImageUploader, NoticeBar, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { isApiError } from '../../shared/api/client.ts';
import { attachmentUrl, uploadAttachment } from '../procedures/api.ts';
import { useApi } from '../../shared/api/useApi.ts';
import { getMyHouseholds, logVisit } from '../visits/api.ts';
import { useI18n } from '../../shared/i18n/I18nProvider.tsx';
import { chinaDate } from '../../shared/lib/format.ts';
import { clearDraft, loadDraft, saveDraft, type FieldLocation } from './draft.ts';
import { LocationField } from './LocationField.tsx';
import { dateOfIso, FieldNavBar, isoOfDate } from './parts.tsx';
import { photoForUpload } from './photos.ts';

const MAX_PHOTOS = 9;
const MAX_TEXT = 2000;

interface VisitValues {
  visitedOn: Date;
  seen: string;
  problems: string;
  agreed: string;
  photos: ImageUploadItem[];
  location: FieldLocation | null;
}

type FieldName = keyof VisitValues;

/**
 * Where a server's field error belongs on this form: the helper's pairing that day concerns the date
 * (before_pairing, visitor_not_paired), a photo index the photos, the position the location switch.
 */
function formField(path: string): FieldName | null {
  const head = path.split('.')[0] ?? '';
  if (head === 'visitedOn' || head === 'helperIds') return 'visitedOn';
  if (head === 'photoIds') return 'photos';
  if (head === 'location') return 'location';
  if (head === 'seen' || head === 'problems' || head === 'agreed') return head;
  return null;
}

/**
 * `/field/visit/:householdId`: 登记走访 on a phone. Date (today unless changed, never ahead), what was seen,
 * problems, what was agreed, photos from the camera, the position if wished. Whatever is typed is kept in
 * this tab until it is sent, so a dropped network loses nothing; the server's objections show at the
 * fields they concern.
 */
export default function VisitFormPage() {
  const { householdId = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<VisitValues>();
  const [saving, setSaving] = useState(false);
  const [uploading, setUploading] = useState(0);
  const [topError, setTopError] = useState<string | null>(null);
  const mine = useApi((signal) => getMyHouseholds(signal), []);
  const item = mine.data?.items.find((i) => i.household.id === householdId);
  const today = chinaDate();
  const fromState = (location.state as { from?: string } | null)?.from;

  // The draft is read once: it fills the form, and every change is written back.
  const [draft, setDraft] = useState(() => loadDraft(householdId));
  const [initialValues] = useState<VisitValues>(() => ({
    visitedOn: dateOfIso(draft && draft.visitedOn <= today ? draft.visitedOn : today),
    seen: draft?.seen ?? '',
    problems: draft?.problems ?? '',
    agreed: draft?.agreed ?? '',
    photos: draft?.photos ?? [],
    location: draft?.location ?? null,
  }));
  const topRef = useRef<HTMLDivElement>(null);

  const keepDraft = () => {
    const v = form.getFieldsValue(true) as Partial<VisitValues>;
    saveDraft(householdId, {
      visitedOn: v.visitedOn instanceof Date ? isoOfDate(v.visitedOn) : today,
      seen: v.seen ?? '',
      problems: v.problems ?? '',
      agreed: v.agreed ?? '',
      photos: (v.photos ?? []).filter((p) => p.key !== undefined).map((p) => ({ key: String(p.key), url: p.url })),
      location: v.location ?? null,
      savedAt: new Date().toISOString(),
    });
  };

  const startOver = () => {
    clearDraft(householdId);
    setDraft(null);
    form.setFieldsValue({ visitedOn: dateOfIso(today), seen: '', problems: '', agreed: '', photos: [], location: null });
    form.setFields((['visitedOn', 'seen', 'problems', 'agreed', 'photos', 'location'] as const).map((name) => ({ name, errors: [] })));
    setTopError(null);
  };

  const leave = () => {
    // Back where the helper came from: the household, or the list.
    if (fromState) void navigate(-1);
    else void navigate(`/field/households/${householdId}`);
  };

  const showServerError = (error: unknown) => {
    if (isApiError(error) && error.code === 'network_error') {
      setTopError(t('field.form.offline', { message: error.message }));
    } else if (isApiError(error) && error.fieldErrors.length > 0) {
      const byField = new Map<FieldName, string[]>();
      const elsewhere: string[] = [];
      for (const f of error.fieldErrors) {
        const name = formField(f.path);
        if (!name) {
          elsewhere.push(f.message);
          continue;
        }
        const list = byField.get(name) ?? [];
        if (!list.includes(f.message)) list.push(f.message);
        byField.set(name, list);
      }
      form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      setTopError(elsewhere.length > 0 ? elsewhere.join(';') : t('field.form.fixFields'));
    } else {
      setTopError(error instanceof Error ? error.message : String(error));
    }
    topRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const submit = async (values: VisitValues) => {
    setSaving(true);
    setTopError(null);
    keepDraft();
    try {
      const problems = values.problems?.trim();
      const agreed = values.agreed?.trim();
      await logVisit({
        householdId,
        visitedOn: isoOfDate(values.visitedOn),
        seen: values.seen.trim(),
        problems: problems || null,
        agreed: agreed || null,
        photoIds: (values.photos ?? []).filter((p) => p.key !== undefined).map((p) => String(p.key)),
        location: values.location ?? null,
      });
      clearDraft(householdId);
      Toast.show({ icon: 'success', content: t('field.form.sent'), duration: 2000 });
      void navigate('/field', { replace: true });
    } catch (e) {
      showServerError(e);
      setSaving(false);
    }
  };

  const upload = async (file: File): Promise<ImageUploadItem> => {
    try {
      const stored = await uploadAttachment(householdId, await photoForUpload(file));
      return { key: stored.id, url: attachmentUrl(stored.id) };
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  };

  const minDate = item ? dateOfIso(item.pairedSince) : dateOfIso(`${Number(today.slice(0, 4)) - 1}${today.slice(4)}`);
  const title = item ? t('field.form.titleOf', { name: item.household.headName }) : t('field.form.title');

  return (
    <>
      <FieldNavBar title={title} onBack={leave} />
      <div ref={topRef} />
      {item && (
        <div style={{ padding: '8px 16px', color: '#666', fontSize: 14 }} data-testid="field-form-household">
          {item.household.villageName} · {item.household.householdNo}
          {item.lastVisitedOn ? ` · ${t('field.lastVisitShort', { date: item.lastVisitedOn })}` : ` · ${t('field.neverVisited')}`}
        </div>
      )}
      {mine.data && !item && <NoticeBar color="alert" wrap content={t('field.form.notPaired')} />}
      {draft && <NoticeBar color="info" wrap content={t('field.form.draftRestored', { time: clockTime(draft.savedAt) })} extra={<a onClick={startOver}>{t('field.form.startOver')}</a>} data-testid="field-draft-restored" />}
      {topError && <NoticeBar color="error" wrap content={topError} data-testid="field-form-error" />}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={initialValues}
        onValuesChange={keepDraft}
        onFinish={(values: VisitValues) => void submit(values)}
        onFinishFailed={() => setTopError(t('field.form.fixFields'))}
        style={{ ['--prefix-width' as string]: '6em', paddingBottom: 24 }}
        footer={
          <Button block type="submit" color="primary" size="large" loading={saving} disabled={uploading > 0} style={{ height: 52, fontSize: 18 }} data-testid="field-form-submit">
            {uploading > 0 ? t('field.form.waitPhotos') : t('field.form.submit')}
          </Button>
        }
      >
        <Form.Header>{t('field.form.when')}</Form.Header>
        <Form.Item
          name="visitedOn"
          label={t('field.form.visitedOn')}
          trigger="onConfirm"
          rules={[{ required: true, message: t('field.form.dateRequired') }]}
          onClick={(_, picker) => (picker.current as { open?: () => void } | null)?.open?.()}
          clickable
          data-testid="field-form-date"
        >
          <DatePicker max={dateOfIso(today)} min={minDate} title={t('field.form.visitedOn')}>
            {(value) => <span style={{ fontSize: 17 }}>{value ? isoOfDate(value) : t('field.form.pickDate')}</span>}
          </DatePicker>
        </Form.Item>
        <Form.Header>{t('field.form.what')}</Form.Header>
        <Form.Item
          name="seen"
          label={t('field.form.seen')}
          validateFirst
          rules={[
            { required: true, message: t('field.form.seenRequired') },
            { validator: (_, v: string | undefined) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('field.form.seenShort')))) },
          ]}
          data-testid="field-form-seen"
        >
          <TextArea placeholder={t('field.form.seenPlaceholder')} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={MAX_TEXT} showCount style={{ ['--font-size' as string]: '17px' }} />
        </Form.Item>
        <Form.Item name="problems" label={t('field.form.problems')} data-testid="field-form-problems">
          <TextArea placeholder={t('field.form.problemsPlaceholder')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={MAX_TEXT} style={{ ['--font-size' as string]: '17px' }} />
        </Form.Item>
        <Form.Item name="agreed" label={t('field.form.agreed')} data-testid="field-form-agreed">
          <TextArea placeholder={t('field.form.agreedPlaceholder')} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={MAX_TEXT} style={{ ['--font-size' as string]: '17px' }} />
        </Form.Item>
        <Form.Header>{t('field.form.evidence')}</Form.Header>
        <Form.Item name="photos" label={t('field.form.photos', { max: MAX_PHOTOS })} data-testid="field-form-photos">
          <ImageUploader
            upload={upload}
            maxCount={MAX_PHOTOS}
            multiple
            accept="image/*"
            capture="environment"
            onUploadQueueChange={(tasks) => setUploading(tasks.filter((task) => task.status === 'pending').length)}
            onCountExceed={(n) => Toast.show({ content: t('field.form.tooManyPhotos', { max: MAX_PHOTOS, n }) })}
            style={{ ['--cell-size' as string]: '96px' }}
          />
        </Form.Item>
        <Form.Item name="location" data-testid="field-form-location">
          <LocationField />
        </Form.Item>
      </Form>
    </>
  );
}

/** The time of day of an instant in this browser, as HH:MM. */
function clockTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
