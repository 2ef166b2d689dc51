import { Checkbox, Fieldset, fieldId, TextField } from '../../components/forms.tsx';
import { useVocabulary } from '../../hooks.ts';
import { useStaffText } from '../messages.ts';
import { ROLES } from '../types.ts';

export type ScopeValue = { roles: string[]; districts: string[]; units: string };

/** The API's field path for a user form: list items point at their whole group. */
export const userFieldKey = (field: string) => field.split('.')[0] ?? field;

/** Units as the API wants them, from "a, b c". */
export const unitList = (units: string) =>
  units
    .split(/[,\s]+/)
    .map((u) => u.trim())
    .filter(Boolean);

/** Roles, districts and units of a user: what they may do, and whose data they may see. */
export function UserScopeFields({
  prefix,
  value,
  onChange,
  errors,
}: {
  prefix: string;
  value: ScopeValue;
  onChange: (v: ScopeValue) => void;
  errors: Record<string, string>;
}) {
  const { s } = useStaffText();
  const { vocabulary } = useVocabulary();
  const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));
  return (
    <>
      <Fieldset legend={s.fRoles} id={fieldId(`${prefix}-roles`)} error={errors.roles}>
        <div className="vv-staff-checks">
          {ROLES.map((role) => (
            <Checkbox
              key={role}
              id={fieldId(`${prefix}-role-${role}`)}
              label={s.roles[role] ?? role}
              checked={value.roles.includes(role)}
              onChange={(on) => onChange({ ...value, roles: toggle(value.roles, role, on) })}
            />
          ))}
        </div>
      </Fieldset>
      <Fieldset legend={s.fUserDistricts} id={fieldId(`${prefix}-districts`)} hint={s.fUserDistrictsHint} error={errors.districts}>
        <div className="vv-staff-checks">
          {(vocabulary?.districts ?? []).map((d) => (
            <Checkbox
              key={d.slug}
              id={fieldId(`${prefix}-district-${d.slug}`)}
              label={d.name}
              checked={value.districts.includes(d.slug)}
              onChange={(on) => onChange({ ...value, districts: toggle(value.districts, d.slug, on) })}
            />
          ))}
        </div>
      </Fieldset>
      <TextField
        id={fieldId(`${prefix}-units`)}
        label={s.fUnits}
        hint={s.fUnitsHint}
        value={value.units}
        onChange={(units) => onChange({ ...value, units })}
        error={errors.units}
        autoComplete="off"
      />
    </>
  );
}
