import { useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Checkbox, ErrorSummary, fieldId, SelectField, TextField, type ErrorLink } from '../../components/forms.tsx';
import { Loading, LoadError } from '../../components/common.tsx';
import { useVocabulary } from '../../hooks.ts';
import { useTitle } from '../../lang.tsx';
import type { DecisionBody, IntakeRequest } from '../../../../src/intake/requests.schemas.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import type { Capacity } from '../types.ts';
import { Button, RequiredLabel, StaffNotice } from '../ui.tsx';
import { useSession } from '../session.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { IntakeNav } from './IntakeNav.tsx';
import { useRequestText } from './requestMessages.ts';

type PersonOption = { id: string; givenName: string | null; familyName: string | null; birthYear: number | null };

const CATEGORIES = [
  'acute',
  'assessment',
  'coping',
  'resource_centre',
  'care_drug_free',
  'care_active_use',
  'reinforced_care',
  'reinforced_housing_treatment',
] as const satisfies readonly DecisionBody['category'][];
const SUBSTANCES = ['drug_free', 'active_use', 'either'] as const satisfies readonly DecisionBody['needs']['substance'][];
const URGENCIES = ['normal', 'high', 'acute'] as const satisfies readonly DecisionBody['urgency'][];
const GENDERS = ['woman', 'man', 'other'] as const;

const today = () => new Date().toISOString().slice(0, 10);

/** /inntak/foresporsler/ny — a caseworker records a decision and sends it to common intake. */
export function DecisionPage() {
  const { r, lang, link } = useRequestText();
  const { s } = useStaffText();
  const navigate = useNavigate();
  const session = useSession();
  const districts = session.status === 'signedIn' ? session.me.districts : [];
  const { vocabulary } = useVocabulary();
  const districtName = (slug: string) => vocabulary?.districts.find((d) => d.slug === slug)?.name ?? slug;
  const persons = useStaffGet<PersonOption[]>('/api/persons?purpose=case_handling&limit=200');
  const units = useStaffGet<Capacity>('/api/capacity');
  const [v, setV] = useState({
    district: '',
    personId: '',
    category: 'assessment' as DecisionBody['category'],
    from: today(),
    to: '',
    substance: 'drug_free' as DecisionBody['needs']['substance'],
    gender: '',
    age: '',
    somaticCare: false,
    urgency: 'normal' as DecisionBody['urgency'],
    preferred: '',
  });
  const set =
    <K extends keyof typeof v>(key: K) =>
    (value: (typeof v)[K]) =>
      setV((old) => ({ ...old, [key]: value }));
  const form = useStaffForm({
    failureId: 'decision-failure',
    toKey: (f) => ({ 'period.from': 'from', 'period.to': 'to', 'needs.age': 'age', 'preferences.preferredUnits.0': 'preferred' })[f] ?? f,
    failureText: (error) => {
      const status = (error as { status?: number }).status;
      if (status === 401) return null; // the session gate takes over
      if (status === 404) return r.personUnknown;
      return status === 403 ? s.forbidden : s.genericError;
    },
  });
  useTitle(r.newTitle);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    await form.run(async () => {
      const body: DecisionBody = {
        ...(v.district ? { district: v.district as NonNullable<DecisionBody['district']> } : {}),
        personId: v.personId,
        category: v.category,
        period: { from: v.from, to: v.to || null },
        needs: {
          substance: v.substance,
          gender: (v.gender || null) as DecisionBody['needs']['gender'],
          age: v.age === '' ? null : Number(v.age),
          somaticCare: v.somaticCare,
        },
        urgency: v.urgency,
        preferences: { preferredUnits: v.preferred ? [v.preferred] : [] },
      };
      const created = await staffApi.post<IntakeRequest>('/api/intake/requests', body);
      navigate(link(`/inntak/foresporsler/${created.id}?sendt=1`));
    });
  };

  const labels: Record<string, string> = {
    personId: r.fPerson,
    category: r.fCategory,
    from: r.fFrom,
    to: r.fTo,
    age: r.fAge,
    preferred: r.fPreferred,
    district: r.colDistrict,
  };
  const links: ErrorLink[] = Object.entries(form.errors).map(([k, message]) => ({
    id: fieldId(`decision-${k}`),
    label: labels[k] ?? k,
    message,
  }));
  const name = (p: PersonOption) => [p.givenName, p.familyName].filter(Boolean).join(' ') + (p.birthYear ? ` (${p.birthYear})` : '');

  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{r.newTitle}</h1>
      <p>{r.newIntro}</p>
      {persons.loading && !persons.data ? <Loading /> : null}
      <LoadError error={persons.error ?? units.error} onRetry={persons.reload} />
      {links.length ? <ErrorSummary heading={s.errorSummaryHeading} errors={links} /> : null}
      {form.failure ? (
        <StaffNotice id="decision-failure" skin="error">
          <p>{form.failure}</p>
        </StaffNotice>
      ) : null}
      {persons.data ? (
        persons.data.length === 0 ? (
          <p>{r.fPersonNone}</p>
        ) : (
          <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate lang={lang}>
            {districts.length > 1 ? (
              // Only a caseworker of several districts says which one decides; the server takes the one otherwise.
              <SelectField
                id={fieldId('decision-district')}
                label={<RequiredLabel text={r.colDistrict} />}
                value={v.district}
                onChange={set('district')}
                error={form.errors.district}
                options={[{ value: '', label: r.fDistrictChoose }, ...districts.map((d) => ({ value: d, label: districtName(d) }))]}
              />
            ) : null}
            <SelectField
              id={fieldId('decision-personId')}
              label={<RequiredLabel text={r.fPerson} />}
              hint={r.fPersonHint}
              value={v.personId}
              onChange={set('personId')}
              error={form.errors.personId}
              options={[{ value: '', label: r.fPersonChoose }, ...persons.data.map((p) => ({ value: p.id, label: name(p) }))]}
            />
            <SelectField
              id={fieldId('decision-category')}
              label={<RequiredLabel text={r.fCategory} />}
              value={v.category}
              onChange={(value) => set('category')(value as DecisionBody['category'])}
              error={form.errors.category}
              options={CATEGORIES.map((c) => ({ value: c, label: s.capacityCategories[c] ?? c }))}
            />
            <TextField
              id={fieldId('decision-from')}
              type="date"
              label={<RequiredLabel text={r.fFrom} />}
              hint={r.fDateHint}
              value={v.from}
              onChange={set('from')}
              error={form.errors.from}
            />
            <TextField
              id={fieldId('decision-to')}
              type="date"
              label={r.fTo}
              hint={r.fDateHint}
              value={v.to}
              onChange={set('to')}
              error={form.errors.to}
            />
            <SelectField
              id={fieldId('decision-substance')}
              label={<RequiredLabel text={r.fSubstance} />}
              value={v.substance}
              onChange={(value) => set('substance')(value as DecisionBody['needs']['substance'])}
              options={SUBSTANCES.map((x) => ({ value: x, label: r.substance[x] ?? x }))}
            />
            <SelectField
              id={fieldId('decision-gender')}
              label={r.fGender}
              value={v.gender}
              onChange={set('gender')}
              options={[{ value: '', label: r.fGenderUnknown }, ...GENDERS.map((g) => ({ value: g, label: r.gender[g] ?? g }))]}
            />
            <TextField
              id={fieldId('decision-age')}
              type="number"
              inputMode="numeric"
              min={0}
              max={130}
              label={r.fAge}
              value={v.age}
              onChange={set('age')}
              error={form.errors.age}
            />
            <Checkbox id={fieldId('decision-somaticCare')} label={r.fSomatic} checked={v.somaticCare} onChange={set('somaticCare')} />
            <SelectField
              id={fieldId('decision-urgency')}
              label={<RequiredLabel text={r.fUrgency} />}
              value={v.urgency}
              onChange={(value) => set('urgency')(value as DecisionBody['urgency'])}
              options={URGENCIES.map((u) => ({ value: u, label: r.urgency[u] ?? u }))}
            />
            <SelectField
              id={fieldId('decision-preferred')}
              label={r.fPreferred}
              value={v.preferred}
              onChange={set('preferred')}
              error={form.errors.preferred}
              options={[{ value: '', label: r.fPreferredNone }, ...(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))]}
            />
            <Button type="submit" busy={form.busy}>
              {form.busy ? r.sending : r.send}
            </Button>
          </form>
        )
      ) : null}
    </>
  );
}
