import { useState, type SubmitEvent, type ReactNode } from 'react';
import { ApiError, SERVICE_STATUSES, type Service, type ServiceStatus, type Vocabulary } from '../../api.ts';
import { Checkbox, ErrorSummary, Fieldset, fieldId, SelectField, TextField, TriState, type ErrorLink } from '../../components/forms.tsx';
import { collectErrors, focusById, focusErrorSummary, type FieldErrors } from '../fieldErrors.ts';
import { useStaffText } from '../messages.ts';
import type { Organization } from '../types.ts';
import { Button, RequiredLabel, Section, StaffNotice } from '../ui.tsx';
import { ContactFields, LocationFieldsSection } from './ContactFields.tsx';
import { OpeningHoursFields } from './OpeningHoursFields.tsx';
import { formKeyOf, formToInput, labelOfKey, type FormPartProps, type ServiceFormState } from './serviceForm.ts';

type ServiceFormProps = {
  initial: ServiceFormState;
  vocabulary: Vocabulary;
  organizations: Organization[];
  submitLabel: string;
  /** Sends the input (POST or PUT); resolves with the stored service. */
  submit: (input: Record<string, unknown>) => Promise<Service & { unchanged?: boolean }>;
  onSaved: (service: Service & { unchanged?: boolean }) => void;
  /** 409: someone saved in between. */
  onConflict: () => void;
};

/**
 * The editor's form for every field of serviceInputSchema. It checks nothing itself: the API
 * validates the whole input and stores all of it or none of it; its errors[] are shown at each
 * field and in a summary that takes focus.
 */
export function ServiceForm({ initial, vocabulary, organizations, submitLabel, submit, onSaved, onConflict }: ServiceFormProps) {
  const { s, lang } = useStaffText();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (patch: Partial<ServiceFormState>) => setForm((f) => ({ ...f, ...patch }));

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const { input, contactRows } = formToInput(form);
    setBusy(true);
    setFailure(null);
    try {
      const saved = await submit(input);
      setErrors({});
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.errors.length) {
        setErrors(collectErrors(error.errors, lang, s, (field) => shownAt(formKeyOf(field, contactRows))));
        focusErrorSummary();
      } else if (error instanceof ApiError && error.status === 409) {
        setErrors({});
        onConflict();
      } else if (!(error instanceof ApiError && error.status === 401)) {
        setFailure(
          error instanceof ApiError && error.status === 403
            ? s.forbidden
            : error instanceof ApiError && error.status === 400
              ? `${s.genericError} (${error.message})`
              : s.genericError,
        );
        focusById('form-failure');
      }
    } finally {
      setBusy(false);
    }
  };

  const links: ErrorLink[] = Object.entries(errors).map(([key, message]) => ({ id: fieldId(key), label: labelOfKey(key, s), message }));
  const part: FormPartProps = { form, update, errors };

  return (
    <>
      <form id="service-form" className="vv-staff-form vv-service-form" onSubmit={(e) => void onSubmit(e)} noValidate>
        {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
        {failure ? (
          <StaffNotice id="form-failure" skin="error">
            <p>{failure}</p>
          </StaffNotice>
        ) : null}
        <p className="vv-staff-skip">
          <a
            href="#service-save"
            onClick={(event) => {
              // The save button is at the bottom of a long form: go there without scrolling by hand.
              event.preventDefault();
              focusById('service-save');
            }}
          >
            {s.skipToSave}
          </a>
        </p>
        <BasicsSection {...part} />
        <ClassificationSection {...part} vocabulary={vocabulary} />
        <AccessSection {...part} vocabulary={vocabulary} />
        <AreaSection {...part} vocabulary={vocabulary} />
        <Section id="sec-hours" title={s.sectionHours}>
          <OpeningHoursFields {...part} />
        </Section>
        <ContactFields {...part} />
        <LocationFieldsSection {...part} vocabulary={vocabulary} />
        <StatusSection {...part} />
        <OtherSection {...part} organizations={organizations} />
      </form>
      {/*
       * Sticky at the bottom of the viewport, so saving needs no scrolling. It sits after the form
       * (submitting it by the form attribute), so it sticks for as long as the page around the
       * form is in view — on the edit page from the top, above the actions.
       */}
      <div className="vv-staff-submit vv-staff-savebar" role="group" aria-label={s.saveBarLabel}>
        <Button id="service-save" type="submit" form="service-form" busy={busy}>
          {busy ? s.saving : submitLabel}
        </Button>
      </div>
    </>
  );
}

/**
 * The form key that shows an error: the field itself when it is on the page, else the nearest
 * enclosing group (e.g. a whole rule row), so every error is shown somewhere and linked.
 */
function shownAt(key: string): string {
  let k = key;
  while (k.includes('.') && !document.getElementById(fieldId(k))) k = k.slice(0, k.lastIndexOf('.'));
  return k;
}

function BasicsSection({ form, update, errors }: FormPartProps) {
  const { s } = useStaffText();
  return (
    <Section id="sec-basics" title={s.sectionBasics}>
      <TextField
        id={fieldId('name')}
        label={<RequiredLabel text={s.fName} />}
        value={form.name}
        onChange={(v) => update({ name: v })}
        error={errors.name}
        maxLength={200}
        autoComplete="off"
      />
      <TextField
        id={fieldId('alternateNames')}
        label={s.fAlternateNames}
        hint={s.fAlternateNamesHint}
        value={form.alternateNames}
        onChange={(v) => update({ alternateNames: v })}
        error={errors.alternateNames}
        multiline
        rows={2}
      />
      <TextField
        id={fieldId('description')}
        label={<RequiredLabel text={s.fDescription} />}
        hint={s.fDescriptionHint}
        value={form.description}
        onChange={(v) => update({ description: v })}
        error={errors.description}
        multiline
        rows={5}
        maxLength={4000}
        lang="nb"
      />
      <TextField
        id={fieldId('descriptionEn')}
        label={s.fDescriptionEn}
        value={form.descriptionEn}
        onChange={(v) => update({ descriptionEn: v })}
        error={errors.descriptionEn}
        multiline
        rows={4}
        maxLength={4000}
        lang="en"
      />
    </Section>
  );
}

function CheckboxGroup<V extends string | number>({
  id,
  legend,
  hint,
  options,
  value,
  onChange,
  error,
}: {
  id: string;
  legend: ReactNode;
  hint?: string;
  options: { value: V; label: string }[];
  value: V[];
  onChange: (v: V[]) => void;
  error: string | undefined;
}) {
  return (
    <Fieldset legend={legend} id={fieldId(id)} hint={hint} error={error}>
      <div className="vv-staff-checks">
        {options.map((o) => (
          <Checkbox
            key={String(o.value)}
            id={fieldId(`${id}-${String(o.value)}`)}
            label={o.label}
            checked={value.includes(o.value)}
            onChange={(on) => onChange(on ? [...value, o.value] : value.filter((x) => x !== o.value))}
          />
        ))}
      </div>
    </Fieldset>
  );
}

function ClassificationSection({ form, update, errors, vocabulary }: FormPartProps & { vocabulary: Vocabulary }) {
  const { s, label, lang } = useStaffText();
  const kinds = Object.entries(vocabulary.kinds)
    .map(([value, l]) => ({ value, label: label(l, value), step: l.step }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  const steps = Object.entries(vocabulary.ladderSteps).map(([n, l]) => ({ value: n, label: `${n}. ${label(l)}` }));
  const chooseKind = (kind: string) => {
    // The kind suggests a ladder step; an editor's own choice is kept.
    const step = kinds.find((k) => k.value === kind)?.step;
    update({ kind, ...(form.ladderStep === '' && step ? { ladderStep: String(step) } : {}) });
  };
  return (
    <Section id="sec-classification" title={s.sectionClassification}>
      <div className="vv-staff-grid">
        <SelectField
          id={fieldId('kind')}
          label={<RequiredLabel text={s.fKind} />}
          value={form.kind}
          onChange={chooseKind}
          options={[{ value: '', label: s.fKindChoose }, ...kinds]}
          error={errors.kind}
        />
        <SelectField
          id={fieldId('ladderStep')}
          label={s.fLadderStep}
          hint={s.fLadderStepHint}
          value={form.ladderStep}
          onChange={(v) => update({ ladderStep: v })}
          options={[{ value: '', label: s.selectNone }, ...steps]}
          error={errors.ladderStep}
        />
      </div>
      <CheckboxGroup
        id="targetGroups"
        legend={s.fTargetGroups}
        options={Object.entries(vocabulary.targetGroups).map(([value, l]) => ({ value, label: label(l, value) }))}
        value={form.targetGroups}
        onChange={(v) => update({ targetGroups: v })}
        error={errors.targetGroups}
      />
      <CheckboxGroup
        id="hovedforlop"
        legend={s.fHovedforlop}
        options={Object.entries(vocabulary.hovedforlop).map(([value, l]) => ({ value: Number(value), label: label(l, value) }))}
        value={form.hovedforlop}
        onChange={(v) => update({ hovedforlop: [...v].sort() })}
        error={errors.hovedforlop}
      />
      <div className="vv-staff-grid">
        <TextField
          id={fieldId('minAge')}
          label={s.fMinAge}
          hint={s.fAgeHint}
          value={form.minAge}
          onChange={(v) => update({ minAge: v })}
          error={errors.minAge}
          inputMode="numeric"
          maxLength={3}
          autoComplete="off"
        />
        <TextField
          id={fieldId('maxAge')}
          label={s.fMaxAge}
          hint={s.fAgeHint}
          value={form.maxAge}
          onChange={(v) => update({ maxAge: v })}
          error={errors.maxAge}
          inputMode="numeric"
          maxLength={3}
          autoComplete="off"
        />
      </div>
      <TextField
        id={fieldId('eligibilityDescription')}
        label={s.fEligibility}
        value={form.eligibilityDescription}
        onChange={(v) => update({ eligibilityDescription: v })}
        error={errors.eligibilityDescription}
        multiline
        rows={3}
        maxLength={2000}
      />
    </Section>
  );
}

function AccessSection({ form, update, errors, vocabulary }: FormPartProps & { vocabulary: Vocabulary }) {
  const { s, label } = useStaffText();
  const tri = { yes: s.triYes, no: s.triNo, unknown: s.triUnknown };
  return (
    <Section id="sec-access" title={s.sectionAccess}>
      <SelectField
        id={fieldId('access')}
        label={s.fAccess}
        value={form.access}
        onChange={(v) => update({ access: v })}
        options={[
          { value: '', label: s.selectNone },
          ...Object.entries(vocabulary.access).map(([value, l]) => ({ value, label: label(l, value) })),
        ]}
        error={errors.access}
      />
      <SelectField
        id={fieldId('arrangement')}
        label={s.fArrangement}
        hint={s.fArrangementHint}
        value={form.arrangement}
        onChange={(v) => update({ arrangement: v })}
        options={[
          { value: '', label: s.arrangementOffer },
          ...Object.entries(vocabulary.arrangements).map(([value, l]) => ({ value, label: label(l, value) })),
        ]}
        error={errors.arrangement}
      />
      <TriState
        id={fieldId('requiresDrugFree')}
        legend={s.fRequiresDrugFree}
        value={form.requiresDrugFree}
        onChange={(v) => update({ requiresDrugFree: v })}
        labels={tri}
        error={errors.requiresDrugFree}
      />
      <TriState
        id={fieldId('anonymous')}
        legend={s.fAnonymous}
        value={form.anonymous}
        onChange={(v) => update({ anonymous: v })}
        labels={tri}
        error={errors.anonymous}
      />
      <TriState
        id={fieldId('freeOfCharge')}
        legend={s.fFreeOfCharge}
        value={form.freeOfCharge}
        onChange={(v) => update({ freeOfCharge: v })}
        labels={tri}
        error={errors.freeOfCharge}
      />
      <TextField
        id={fieldId('costDescription')}
        label={s.fCost}
        value={form.costDescription}
        onChange={(v) => update({ costDescription: v })}
        error={errors.costDescription}
        maxLength={1000}
      />
    </Section>
  );
}

function AreaSection({ form, update, errors, vocabulary }: FormPartProps & { vocabulary: Vocabulary }) {
  const { s } = useStaffText();
  return (
    <Section id="sec-area" title={s.sectionArea}>
      <Checkbox
        id={fieldId('cityWide')}
        label={s.fCityWide}
        checked={form.cityWide}
        onChange={(v) => update({ cityWide: v })}
        error={errors.cityWide}
      />
      {form.cityWide ? null : (
        <CheckboxGroup
          id="districts"
          legend={s.fDistricts}
          hint={s.fDistrictsHint}
          options={vocabulary.districts.map((d) => ({ value: d.slug, label: d.name }))}
          value={form.districts}
          onChange={(v) => update({ districts: v })}
          error={errors.districts}
        />
      )}
    </Section>
  );
}

function StatusSection({ form, update, errors }: FormPartProps) {
  const { s } = useStaffText();
  return (
    <Section id="sec-status" title={s.sectionStatus}>
      <div className="vv-staff-grid">
        <SelectField
          id={fieldId('status')}
          label={s.fStatus}
          value={form.status}
          onChange={(v) => update({ status: v as ServiceStatus })}
          options={SERVICE_STATUSES.map((v) => ({ value: v, label: s.statusOptions[v] ?? v }))}
          error={errors.status}
        />
        <TextField
          id={fieldId('statusDate')}
          label={s.fStatusDate}
          hint={s.fStatusDateHint}
          type="date"
          value={form.statusDate}
          onChange={(v) => update({ statusDate: v })}
          error={errors.statusDate}
        />
      </div>
      <TextField
        id={fieldId('statusNote')}
        label={s.fStatusNote}
        value={form.statusNote}
        onChange={(v) => update({ statusNote: v })}
        error={errors.statusNote}
        maxLength={1000}
      />
    </Section>
  );
}

function OtherSection({ form, update, errors, organizations }: FormPartProps & { organizations: Organization[] }) {
  const { s } = useStaffText();
  return (
    <Section id="sec-other" title={s.sectionOther}>
      <div className="vv-staff-grid">
        <SelectField
          id={fieldId('organizationId')}
          label={s.fOrganization}
          value={form.organizationId}
          onChange={(v) => update({ organizationId: v })}
          options={[{ value: '', label: s.fOrganizationNone }, ...organizations.map((o) => ({ value: o.id, label: o.name }))]}
          error={errors.organizationId}
        />
        <TextField
          id={fieldId('places')}
          label={s.fPlaces}
          value={form.places}
          onChange={(v) => update({ places: v })}
          error={errors.places}
          inputMode="numeric"
          maxLength={6}
          autoComplete="off"
        />
        <TextField
          id={fieldId('languages')}
          label={s.fLanguages}
          hint={s.fLanguagesHint}
          value={form.languages}
          onChange={(v) => update({ languages: v })}
          error={errors.languages}
          autoComplete="off"
        />
      </div>
      <TextField
        id={fieldId('accessibility')}
        label={s.fAccessibility}
        value={form.accessibility}
        onChange={(v) => update({ accessibility: v })}
        error={errors.accessibility}
        multiline
        rows={2}
        maxLength={2000}
      />
      <TextField
        id={fieldId('source')}
        label={s.fSource}
        hint={s.fSourceHint}
        value={form.source}
        onChange={(v) => update({ source: v })}
        error={errors.source}
        maxLength={500}
      />
    </Section>
  );
}
