import type { Vocabulary } from '../../api.ts';
import { Fieldset, fieldId, SelectField, TextField } from '../../components/forms.tsx';
import { focusById } from '../fieldErrors.ts';
import { useStaffText } from '../messages.ts';
import { Button, Section } from '../ui.tsx';
import { rowKey, type ContactRow, type FormPartProps, type LocationFields } from './serviceForm.ts';

/** Website, e-mail, phone and the contact persons. */
export function ContactFields({ form, update, errors }: FormPartProps) {
  const { s } = useStaffText();
  const setContact = (i: number, patch: Partial<ContactRow>) =>
    update({ contacts: form.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const addContact = () => {
    update({ contacts: [...form.contacts, { key: rowKey(), name: '', title: '', phone: '', email: '' }] });
    focusById(fieldId(`contacts.${form.contacts.length}.name`));
  };
  const removeContact = (i: number) => {
    update({ contacts: form.contacts.filter((_, j) => j !== i) });
    focusById('add-contact');
  };

  return (
    <Section id="sec-contact" title={s.sectionContact}>
      <div className="vv-staff-grid">
        <TextField
          id={fieldId('url')}
          label={s.fUrl}
          hint={s.fUrlHint}
          type="url"
          value={form.url}
          onChange={(v) => update({ url: v })}
          error={errors.url}
          autoComplete="off"
        />
        <TextField
          id={fieldId('email')}
          label={s.fEmail}
          type="email"
          value={form.email}
          onChange={(v) => update({ email: v })}
          error={errors.email}
          autoComplete="off"
        />
        <TextField
          id={fieldId('phone')}
          label={s.fPhone}
          type="tel"
          value={form.phone}
          onChange={(v) => update({ phone: v })}
          error={errors.phone}
          autoComplete="off"
        />
      </div>
      <Fieldset legend={s.fContacts} id={fieldId('contacts')} error={errors.contacts} className="vv-staff-rows">
        {form.contacts.length === 0 ? <p className="vv-staff-muted">{s.fContactsNone}</p> : null}
        {form.contacts.map((c, i) => {
          const p = `contacts.${i}`;
          return (
            <fieldset key={c.key} className="vv-staff-row">
              <legend className="vv-staff-row__legend">{s.contactLegend(i + 1)}</legend>
              <div className="vv-staff-row__grid">
                <TextField
                  id={fieldId(`${p}.name`)}
                  label={s.fContactName}
                  value={c.name}
                  onChange={(v) => setContact(i, { name: v })}
                  error={errors[`${p}.name`]}
                  autoComplete="off"
                />
                <TextField
                  id={fieldId(`${p}.title`)}
                  label={s.fContactTitle}
                  value={c.title}
                  onChange={(v) => setContact(i, { title: v })}
                  error={errors[`${p}.title`]}
                  autoComplete="off"
                />
                <TextField
                  id={fieldId(`${p}.phone`)}
                  label={s.fPhone}
                  type="tel"
                  value={c.phone}
                  onChange={(v) => setContact(i, { phone: v })}
                  error={errors[`${p}.phone`]}
                  autoComplete="off"
                />
                <TextField
                  id={fieldId(`${p}.email`)}
                  label={s.fEmail}
                  type="email"
                  value={c.email}
                  onChange={(v) => setContact(i, { email: v })}
                  error={errors[`${p}.email`]}
                  autoComplete="off"
                />
              </div>
              <div className="vv-staff-row__end">
                <Button skin="tertiary" size="small" onClick={() => removeContact(i)}>
                  {s.removeContact(i + 1)}
                </Button>
              </div>
            </fieldset>
          );
        })}
        <div className="vv-staff-buttons">
          <Button id="add-contact" skin="secondary" size="small" onClick={addContact}>
            {s.addContact}
          </Button>
        </div>
      </Fieldset>
    </Section>
  );
}

/** The service's address (the first location). */
export function LocationFieldsSection({ form, update, errors, vocabulary }: FormPartProps & { vocabulary: Vocabulary }) {
  const { s } = useStaffText();
  const l = form.location;
  const set = (patch: Partial<LocationFields>) => update({ location: { ...l, ...patch } });
  const e = (k: keyof LocationFields) => errors[`location.${k}`];
  return (
    <Section id="sec-location" title={s.sectionLocation}>
      {errors.location ? (
        <p className="vv-field-error" id={fieldId('location')}>
          {errors.location}
        </p>
      ) : null}
      <div className="vv-staff-grid">
        <TextField
          id={fieldId('location.name')}
          label={s.fLocationName}
          value={l.name}
          onChange={(v) => set({ name: v })}
          error={e('name')}
          autoComplete="off"
        />
        <TextField
          id={fieldId('location.address1')}
          label={s.fAddress1}
          value={l.address1}
          onChange={(v) => set({ address1: v })}
          error={e('address1')}
          autoComplete="off"
        />
        <TextField
          id={fieldId('location.postalCode')}
          label={s.fPostalCode}
          value={l.postalCode}
          onChange={(v) => set({ postalCode: v })}
          error={e('postalCode')}
          inputMode="numeric"
          maxLength={4}
          autoComplete="off"
        />
        <TextField
          id={fieldId('location.city')}
          label={s.fCity}
          value={l.city}
          onChange={(v) => set({ city: v })}
          error={e('city')}
          autoComplete="off"
        />
        <SelectField
          id={fieldId('location.district')}
          label={s.fLocationDistrict}
          value={l.district}
          onChange={(v) => set({ district: v })}
          options={[{ value: '', label: s.selectNone }, ...vocabulary.districts.map((d) => ({ value: d.slug, label: d.name }))]}
          error={e('district')}
        />
      </div>
      <TextField
        id={fieldId('location.addressNote')}
        label={s.fAddressNote}
        value={l.addressNote}
        onChange={(v) => set({ addressNote: v })}
        error={e('addressNote')}
      />
      <TextField
        id={fieldId('location.accessibility')}
        label={s.fLocationAccessibility}
        value={l.accessibility}
        onChange={(v) => set({ accessibility: v })}
        error={e('accessibility')}
        multiline
        rows={2}
      />
      <TextField
        id={fieldId('location.transportation')}
        label={s.fTransportation}
        value={l.transportation}
        onChange={(v) => set({ transportation: v })}
        error={e('transportation')}
        multiline
        rows={2}
      />
    </Section>
  );
}
