import { useState, type SubmitEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { QualityOfLife, QualityOfLifeList } from '../../../../src/intake/transitions.schemas.ts';
import { LoadError } from '../../components/common.tsx';
import { Checkbox, ErrorSummary, Fieldset, fieldId, SelectField, TextField, type ErrorLink } from '../../components/forms.tsx';
import { formatDate } from '../../i18n.ts';
import { useVocabulary } from '../../hooks.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { useStaffText } from '../messages.ts';
import { may } from '../pages.ts';
import { useSession } from '../session.tsx';
import type { Capacity } from '../types.ts';
import { Button, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { useTransitionsText } from './transitions-messages.ts';
import { IntakeNav } from './IntakeNav.tsx';

const pad = (n: number) => String(n).padStart(2, '0');
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const MAX = { district: 7, institution: 5 } as const;
type Setting = keyof typeof MAX;

/**
 * /inntak/livskvalitet?person=… — a person's quality-of-life answers (those recorded in the
 * reader's districts or units) and a form for a new one: 1–7 in a district (caseworker), 1–5 in an
 * institution (institution staff), or declined.
 */
export function QualityOfLifePage() {
  const { x, lang, link } = useTransitionsText();
  const { s } = useStaffText();
  const navigate = useNavigate();
  const personParam = new URLSearchParams(useLocation().search).get('person') ?? '';
  const [personInput, setPersonInput] = useState(personParam);
  useTitle(x.qolTitle);
  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{x.qolTitle}</h1>
      <p>{x.qolIntro}</p>
      <form
        className="vv-staff-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(link(`/inntak/livskvalitet?person=${encodeURIComponent(personInput.trim())}`));
        }}
      >
        <TextField
          id="qol-person"
          label={x.qolPerson}
          hint={x.qolPersonHint}
          value={personInput}
          onChange={setPersonInput}
          autoComplete="off"
        />
        <Button type="submit" skin="secondary">
          {x.qolShow}
        </Button>
      </form>
      {personParam ? <PersonAnswers key={personParam} personId={personParam} lang={lang} s={s} /> : null}
    </>
  );
}

function PersonAnswers({ personId, lang, s }: { personId: string; lang: 'nb' | 'en'; s: ReturnType<typeof useStaffText>['s'] }) {
  const { x } = useTransitionsText();
  const session = useSession();
  const me = session.status === 'signedIn' ? session.me : null;
  const mayRead = me ? may(me, 'intake:read_quality_of_life') : false;
  const mayRecord = me ? may(me, 'intake:record_quality_of_life') : false;
  const history = useStaffGet<QualityOfLifeList>(mayRead ? `/api/intake/persons/${encodeURIComponent(personId)}/quality-of-life` : null);
  const capacity = useStaffGet<Capacity>('/api/capacity');
  const { vocabulary } = useVocabulary();
  const districtName = (slug: string) => vocabulary?.districts.find((d) => d.slug === slug)?.name ?? slug;
  const unitName = (id: string) => capacity.data?.units.find((u) => u.id === id)?.name ?? id;

  const districts = me?.roles.includes('district_caseworker') ? me.districts : [];
  const units = me?.roles.includes('institution_staff') ? me.units : [];
  const settings: Setting[] = [...(districts.length ? ['district' as const] : []), ...(units.length ? ['institution' as const] : [])];
  const [setting, setSetting] = useState<Setting>(settings[0] ?? 'district');
  const [district, setDistrict] = useState(districts[0] ?? '');
  const [unitId, setUnitId] = useState(units[0] ?? '');
  const [answeredOn, setAnsweredOn] = useState(today());
  const [score, setScore] = useState<number | 'declined' | null>(null);
  const [saved, setSaved] = useState<QualityOfLife | null>(null);
  const form = useStaffForm({ failureId: 'qol-result' });
  const { errors, failure, busy } = form;
  const [scoreMissing, setScoreMissing] = useState(false);
  const max = MAX[setting];

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(null);
    if (score === null || (typeof score === 'number' && score > max)) {
      setScoreMissing(true);
      focusById('qol-score-1');
      return;
    }
    setScoreMissing(false);
    const ok = await form.run(async () => {
      const answer = await staffApi.post<QualityOfLife>('/api/intake/quality-of-life', {
        personId,
        answeredOn,
        setting,
        ...(setting === 'district' ? { district } : { unitId }),
        ...(score === 'declined' ? { declined: true } : { score }),
      });
      setSaved(answer);
      setScore(null);
      history.reload();
    });
    if (ok) focusById('qol-result');
  };
  const labels: Record<string, string> = {
    personId: x.qolPerson,
    answeredOn: x.qolDate,
    district: x.qolDistrict,
    unitId: x.qolUnit,
    score: x.qolScore(max),
    declined: x.qolDeclined,
    setting: x.qolSetting,
  };
  const links: ErrorLink[] = Object.entries(errors).map(([k, message]) => ({
    id: k === 'score' || k === 'declined' ? 'qol-score' : fieldId(`qol-${k}`),
    label: labels[k] ?? k,
    message,
  }));
  const answers = history.data?.answers ?? [];

  return (
    <>
      {mayRead ? (
        <section aria-labelledby="qol-history-heading">
          <h2 id="qol-history-heading" className="vv-section-title">
            {x.qolHistory}
          </h2>
          <LoadError error={history.error} onRetry={history.reload} />
          {history.data && answers.length === 0 ? <p>{x.qolHistoryNone}</p> : null}
          {answers.length ? (
            <div className="vv-staff-table-wrap" role="region" aria-labelledby="qol-caption" tabIndex={0}>
              <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
                <caption id="qol-caption">{x.qolHistoryCaption(answers.length)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{x.qolColDate}</th>
                    <th scope="col">{x.qolColWhere}</th>
                    <th scope="col">{x.qolColScore}</th>
                  </tr>
                </thead>
                <tbody>
                  {answers.map((a) => (
                    <tr key={a.id}>
                      <td>{formatDate(a.answeredOn, lang)}</td>
                      <td>{a.district ? districtName(a.district) : unitName(a.unitId ?? '')}</td>
                      <td>{a.declined || a.score === null ? x.qolDeclinedText : x.qolScoreOf(a.score, MAX[a.setting])}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      {mayRecord && settings.length ? (
        <section aria-labelledby="qol-record-heading">
          <h2 id="qol-record-heading" className="vv-section-title">
            {x.qolRecord}
          </h2>
          {saved || failure ? (
            <StaffNotice id="qol-result" skin={failure ? 'error' : 'success'}>
              <p>{failure ?? x.qolSaved}</p>
            </StaffNotice>
          ) : null}
          {links.length ? <ErrorSummary heading={s.errorSummaryHeading} intro={s.nothingSaved} errors={links} /> : null}
          <form className="vv-staff-form" onSubmit={(e) => void submit(e)} noValidate>
            {settings.length > 1 ? (
              <Fieldset legend={x.qolSetting}>
                {settings.map((v) => (
                  <Checkbox
                    key={v}
                    type="radio"
                    name="qol-setting"
                    id={`qol-setting-${v}`}
                    label={x.qolSettings[v]}
                    checked={setting === v}
                    onChange={() => {
                      setSetting(v);
                      setScore(null);
                    }}
                  />
                ))}
              </Fieldset>
            ) : null}
            {setting === 'district' ? (
              <SelectField
                id={fieldId('qol-district')}
                label={x.qolDistrict}
                value={district}
                onChange={setDistrict}
                options={districts.map((d) => ({ value: d, label: districtName(d) }))}
                error={errors.district}
              />
            ) : (
              <SelectField
                id={fieldId('qol-unitId')}
                label={x.qolUnit}
                value={unitId}
                onChange={setUnitId}
                options={units.map((u) => ({ value: u, label: unitName(u) }))}
                error={errors.unitId}
              />
            )}
            <TextField
              id={fieldId('qol-answeredOn')}
              label={x.qolDate}
              type="date"
              value={answeredOn}
              onChange={setAnsweredOn}
              error={errors.answeredOn}
            />
            <Fieldset
              id="qol-score"
              legend={x.qolScore(max)}
              error={scoreMissing ? x.qolPickScore : (errors.score ?? errors.declined)}
              className="vv-qol-scale"
            >
              {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
                <Checkbox
                  key={n}
                  type="radio"
                  name="qol-score"
                  id={`qol-score-${n}`}
                  label={String(n)}
                  checked={score === n}
                  onChange={() => setScore(n)}
                />
              ))}
              <Checkbox
                type="radio"
                name="qol-score"
                id="qol-score-declined"
                label={x.qolDeclined}
                checked={score === 'declined'}
                onChange={() => setScore('declined')}
              />
            </Fieldset>
            <Button type="submit" busy={busy}>
              {x.qolSave}
            </Button>
          </form>
        </section>
      ) : null}
    </>
  );
}
