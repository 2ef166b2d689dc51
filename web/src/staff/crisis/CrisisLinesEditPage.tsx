import { useState, type SubmitEvent } from 'react';
import { ApiError, type EditableCrisisLine } from '../../api.ts';
import { Loading, LoadError } from '../../components/common.tsx';
import { Checkbox, fieldId, TextField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { Button, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';

type Draft = {
  nameNb: string;
  nameEn: string;
  phoneDisplay: string;
  phoneTel: string;
  organization: string;
  hoursNb: string;
  hoursEn: string;
  is24_7: boolean;
  audienceNb: string;
  audienceEn: string;
  sortOrder: string;
  active: boolean;
  sourceNote: string;
};

const draftOf = (l: EditableCrisisLine): Draft => ({
  nameNb: l.name.nb,
  nameEn: l.name.en,
  phoneDisplay: l.phone.display,
  phoneTel: l.phone.tel,
  organization: l.organization,
  hoursNb: l.hours.nb,
  hoursEn: l.hours.en,
  is24_7: l.is24_7,
  audienceNb: l.audience.nb,
  audienceEn: l.audience.en,
  sortOrder: String(l.sortOrder),
  active: l.active,
  sourceNote: l.sourceNote,
});

const bodyOf = (d: Draft) => ({
  name: { nb: d.nameNb, en: d.nameEn },
  phone: { display: d.phoneDisplay, tel: d.phoneTel.trim() },
  organization: d.organization,
  hours: { nb: d.hoursNb, en: d.hoursEn },
  is24_7: d.is24_7,
  audience: { nb: d.audienceNb, en: d.audienceEn },
  sortOrder: /^\d+$/.test(d.sortOrder.trim()) ? Number(d.sortOrder.trim()) : d.sortOrder,
  active: d.active,
  sourceNote: d.sourceNote,
});

/** API field paths (line.phone.tel) as the draft's keys (phoneTel). */
const KEYS: Record<string, keyof Draft> = {
  'line.name.nb': 'nameNb',
  'line.name.en': 'nameEn',
  'line.phone.display': 'phoneDisplay',
  'line.phone.tel': 'phoneTel',
  'line.organization': 'organization',
  'line.hours.nb': 'hoursNb',
  'line.hours.en': 'hoursEn',
  'line.audience.nb': 'audienceNb',
  'line.audience.en': 'audienceEn',
  'line.sortOrder': 'sortOrder',
  'line.sourceNote': 'sourceNote',
};

/** /hjelpetelefoner/rediger — the crisis lines on every public page, one form each. */
export function CrisisLinesEditPage() {
  const { s } = useStaffText();
  useTitle(s.crisisEditTitle);
  const list = useStaffGet<{ lines: EditableCrisisLine[] }>('/api/crisis-lines/all');
  return (
    <>
      <h1 className="vv-page-title">{s.crisisEditTitle}</h1>
      <p>{s.crisisEditIntro}</p>
      {list.loading && !list.data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {list.data?.lines.map((line) => (
        <LineForm key={`${line.key}-${line.version}`} line={line} onReload={list.reload} />
      ))}
    </>
  );
}

function LineForm({ line: initial, onReload }: { line: EditableCrisisLine; onReload: () => void }) {
  const { s, lang } = useStaffText();
  const [line, setLine] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const id = (field: keyof Draft) => fieldId(`crisis-${line.key}-${field}`);
  const failureId = `crisis-${line.key}-failure`;
  const noticeId = `crisis-${line.key}-notice`;
  const form = useStaffForm({
    failureId,
    summary: false,
    toKey: (field) => KEYS[field] ?? field,
    fieldErrors: (errors) => errors.filter((e) => e.field !== 'version'),
    failureText: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        setConflict(true);
        return s.crisisConflict;
      }
      return error instanceof ApiError && error.status === 401 ? null : s.genericError;
    },
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: Exclude<keyof Draft, 'is24_7' | 'active'>, label: string, extra: { hint?: string; multiline?: boolean } = {}) => (
    <TextField
      id={id(key)}
      label={label}
      value={draft[key]}
      onChange={(v) => set(key, v)}
      error={form.errors[key]}
      {...(extra.hint ? { hint: extra.hint } : {})}
      {...(extra.multiline ? { multiline: true, rows: 2 } : {})}
    />
  );

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setNotice(null);
    const before = line.version;
    const ok = await form.run(async () => {
      const saved = await staffApi.put<EditableCrisisLine>(`/api/crisis-lines/${line.key}`, { version: line.version, line: bodyOf(draft) });
      setLine(saved);
      setDraft(draftOf(saved));
      setNotice(saved.version === before ? s.crisisUnchanged : s.crisisSaved(saved.version));
    });
    if (ok) requestAnimationFrame(() => document.getElementById(noticeId)?.focus());
  };

  return (
    <details className="vv-staff-section vv-crisis-edit">
      <summary>{s.crisisLineSummary(line.phone.display, line.name[lang], line.version, line.active)}</summary>
      <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate aria-label={line.name[lang]}>
        <p className="vv-staff-muted">{s.crisisUpdatedBy(line.updatedBy, formatDateTime(line.updatedAt, lang))}</p>
        {notice ? (
          <StaffNotice id={noticeId} skin="success">
            <p>{notice}</p>
          </StaffNotice>
        ) : null}
        {form.failure ? (
          <StaffNotice id={failureId} skin="error">
            <p>{form.failure}</p>
            {conflict ? (
              <Button skin="secondary" size="small" onClick={onReload}>
                {s.reloadLatest}
              </Button>
            ) : null}
          </StaffNotice>
        ) : null}
        {text('nameNb', s.crisisNameNb)}
        {text('nameEn', s.crisisNameEn)}
        {text('phoneDisplay', s.crisisPhoneDisplay, { hint: s.crisisPhoneDisplayHint })}
        {text('phoneTel', s.crisisPhoneTel, { hint: s.crisisPhoneTelHint })}
        {text('organization', s.crisisOrganization)}
        {text('hoursNb', s.crisisHoursNb)}
        {text('hoursEn', s.crisisHoursEn)}
        <Checkbox id={id('is24_7')} label={s.crisis24_7} checked={draft.is24_7} onChange={(on) => set('is24_7', on)} />
        {text('audienceNb', s.crisisAudienceNb, { multiline: true })}
        {text('audienceEn', s.crisisAudienceEn, { multiline: true })}
        {text('sortOrder', s.crisisSortOrder, { hint: s.crisisSortOrderHint })}
        <Checkbox id={id('active')} label={s.crisisActive} checked={draft.active} onChange={(on) => set('active', on)} />
        {text('sourceNote', s.crisisSourceNote, { multiline: true })}
        <p>
          <Button type="submit" busy={form.busy}>
            {s.crisisSave}
          </Button>
        </p>
      </form>
    </details>
  );
}
