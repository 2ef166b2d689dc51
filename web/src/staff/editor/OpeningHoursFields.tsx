import { WEEKDAYS, type Weekday } from '../../api.ts';
import { Checkbox, Fieldset, fieldId, SelectField, TextField } from '../../components/forms.tsx';
import { focusById } from '../fieldErrors.ts';
import { useStaffText } from '../messages.ts';
import { Button } from '../ui.tsx';
import { closesNextDay, rowKey, type ExceptionRow, type FormPartProps, type RuleRow } from './serviceForm.ts';

const WORKDAYS: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR'];

const newRule = (byday: Weekday, opensAt = '', closesAt = ''): RuleRow => ({
  key: rowKey(),
  byday,
  opensAt,
  closesAt,
  validFrom: '',
  validTo: '',
  closedOnPublicHolidays: true,
});

const newException = (): ExceptionRow => ({ key: rowKey(), date: '', closed: true, opensAt: '', closesAt: '', description: '' });

/**
 * 24/7, weekly rules (one row per day, with validity dates; a closing time at or before the
 * opening time closes after midnight) and dated exceptions such as public holidays.
 */
export function OpeningHoursFields({ form, update, errors }: FormPartProps) {
  const { s, t } = useStaffText();

  const setRule = (i: number, patch: Partial<RuleRow>) => update({ rules: form.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const setException = (i: number, patch: Partial<ExceptionRow>) =>
    update({ exceptions: form.exceptions.map((e, j) => (j === i ? { ...e, ...patch } : e)) });

  // New rows get focus, so keyboard users land in what they just added; after removing a row
  // focus goes to the add button, which stays put.
  const addRule = () => {
    update({ rules: [...form.rules, newRule('MO')] });
    focusById(fieldId(`openingHours.rules.${form.rules.length}.byday`));
  };
  const addWorkdays = () => {
    update({ rules: [...form.rules, ...WORKDAYS.map((d) => newRule(d, '08:00', '16:00'))] });
    focusById(fieldId(`openingHours.rules.${form.rules.length}.byday`));
  };
  const removeRule = (i: number) => {
    update({ rules: form.rules.filter((_, j) => j !== i) });
    focusById('add-rule');
  };
  const addException = () => {
    update({ exceptions: [...form.exceptions, newException()] });
    focusById(fieldId(`openingHours.exceptions.${form.exceptions.length}.date`));
  };
  const removeException = (i: number) => {
    update({ exceptions: form.exceptions.filter((_, j) => j !== i) });
    focusById('add-exception');
  };

  return (
    <>
      <Checkbox
        id={fieldId('openingHours.is24_7')}
        label={s.f24_7}
        checked={form.is24_7}
        onChange={(v) => update({ is24_7: v })}
        error={errors['openingHours.is24_7']}
      />

      <Fieldset
        legend={s.fRules}
        id={fieldId('openingHours.rules')}
        hint={s.fRulesHint}
        error={errors['openingHours.rules']}
        className="vv-staff-rows"
      >
        {form.rules.length === 0 ? <p className="vv-staff-muted">{s.fRulesNone}</p> : null}
        {form.rules.map((r, i) => {
          const p = `openingHours.rules.${i}`;
          const nextDay = closesNextDay(r.opensAt, r.closesAt);
          return (
            <fieldset key={r.key} className="vv-staff-row">
              <legend className="vv-staff-row__legend">{s.ruleLegend(i + 1)}</legend>
              <div className="vv-staff-row__grid">
                <SelectField
                  id={fieldId(`${p}.byday`)}
                  label={s.fWeekday}
                  value={r.byday}
                  onChange={(v) => setRule(i, { byday: v as Weekday })}
                  options={WEEKDAYS.map((d) => ({ value: d, label: t.weekdays[d] }))}
                  error={errors[`${p}.byday`]}
                />
                <TextField
                  id={fieldId(`${p}.opensAt`)}
                  label={s.fOpensAt}
                  hint={s.fTimeHint}
                  value={r.opensAt}
                  onChange={(v) => setRule(i, { opensAt: v })}
                  error={errors[`${p}.opensAt`]}
                  inputMode="numeric"
                  maxLength={5}
                />
                <TextField
                  id={fieldId(`${p}.closesAt`)}
                  label={s.fClosesAt}
                  hint={nextDay ? s.closesNextDay : s.fTimeHint}
                  value={r.closesAt}
                  onChange={(v) => setRule(i, { closesAt: v })}
                  error={errors[`${p}.closesAt`]}
                  inputMode="numeric"
                  maxLength={5}
                />
                <TextField
                  id={fieldId(`${p}.validFrom`)}
                  label={s.fValidFrom}
                  type="date"
                  value={r.validFrom}
                  onChange={(v) => setRule(i, { validFrom: v })}
                  error={errors[`${p}.validFrom`]}
                />
                <TextField
                  id={fieldId(`${p}.validTo`)}
                  label={s.fValidTo}
                  type="date"
                  value={r.validTo}
                  onChange={(v) => setRule(i, { validTo: v })}
                  error={errors[`${p}.validTo`]}
                />
              </div>
              <div className="vv-staff-row__end">
                <Checkbox
                  id={fieldId(`${p}.closedOnPublicHolidays`)}
                  label={s.fHolidayClosed}
                  checked={r.closedOnPublicHolidays}
                  onChange={(v) => setRule(i, { closedOnPublicHolidays: v })}
                  error={errors[`${p}.closedOnPublicHolidays`]}
                />
                <Button skin="tertiary" size="small" onClick={() => removeRule(i)}>
                  {s.removeRule(i + 1)}
                </Button>
              </div>
            </fieldset>
          );
        })}
        <div className="vv-staff-buttons">
          <Button id="add-rule" skin="secondary" size="small" onClick={addRule}>
            {s.addRule}
          </Button>
          <Button skin="secondary" size="small" onClick={addWorkdays}>
            {s.addWeekdays}
          </Button>
        </div>
      </Fieldset>

      <Fieldset
        legend={s.fExceptions}
        id={fieldId('openingHours.exceptions')}
        error={errors['openingHours.exceptions']}
        className="vv-staff-rows"
      >
        {form.exceptions.length === 0 ? <p className="vv-staff-muted">{s.fExceptionsNone}</p> : null}
        {form.exceptions.map((e, i) => {
          const p = `openingHours.exceptions.${i}`;
          return (
            <fieldset key={e.key} className="vv-staff-row">
              <legend className="vv-staff-row__legend">{s.exceptionLegend(i + 1)}</legend>
              <div className="vv-staff-row__grid">
                <TextField
                  id={fieldId(`${p}.date`)}
                  label={s.fDate}
                  type="date"
                  value={e.date}
                  onChange={(v) => setException(i, { date: v })}
                  error={errors[`${p}.date`]}
                />
                {e.closed ? null : (
                  <>
                    <TextField
                      id={fieldId(`${p}.opensAt`)}
                      label={s.fOpensAt}
                      hint={s.fTimeHint}
                      value={e.opensAt}
                      onChange={(v) => setException(i, { opensAt: v })}
                      error={errors[`${p}.opensAt`]}
                      inputMode="numeric"
                      maxLength={5}
                    />
                    <TextField
                      id={fieldId(`${p}.closesAt`)}
                      label={s.fClosesAt}
                      hint={s.fTimeHint}
                      value={e.closesAt}
                      onChange={(v) => setException(i, { closesAt: v })}
                      error={errors[`${p}.closesAt`]}
                      inputMode="numeric"
                      maxLength={5}
                    />
                  </>
                )}
                <TextField
                  id={fieldId(`${p}.description`)}
                  label={s.fExceptionNote}
                  value={e.description}
                  onChange={(v) => setException(i, { description: v })}
                  error={errors[`${p}.description`]}
                  maxLength={200}
                />
              </div>
              <div className="vv-staff-row__end">
                <Checkbox
                  id={fieldId(`${p}.closed`)}
                  label={s.fClosedAllDay}
                  checked={e.closed}
                  onChange={(v) => setException(i, { closed: v })}
                  error={errors[`${p}.closed`]}
                />
                <Button skin="tertiary" size="small" onClick={() => removeException(i)}>
                  {s.removeException(i + 1)}
                </Button>
              </div>
            </fieldset>
          );
        })}
        <div className="vv-staff-buttons">
          <Button id="add-exception" skin="secondary" size="small" onClick={addException}>
            {s.addException}
          </Button>
        </div>
      </Fieldset>
    </>
  );
}
