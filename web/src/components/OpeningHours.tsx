import { WEEKDAYS, type OpeningHours, type Weekday, type WeeklyRule } from '../api.ts';
import { formatDate } from '../i18n.ts';
import { useLang } from '../lang.tsx';

/** Every weekday in order with its rules; a day without a rule gets one row with no rule (closed). */
type DayRow = { day: Weekday; rule: WeeklyRule | null; i: number };
function rowsByDay(rules: WeeklyRule[]): DayRow[] {
  return WEEKDAYS.flatMap((day): DayRow[] => {
    const own = rules.filter((r) => r.byday === day);
    return own.length ? own.map((rule, i) => ({ day, rule, i })) : [{ day, rule: null, i: 0 }];
  });
}

/** Opening hours as tables: weekly rules (with past-midnight and validity), closed days, then exceptions. */
export function OpeningHoursView({ hours, idPrefix = 'hours' }: { hours: OpeningHours; idPrefix?: string }) {
  const { t, lang } = useLang();
  if (hours.is24_7) {
    return (
      <p className="vv-hours-247">
        <strong>{t.hours24_7}</strong>
      </p>
    );
  }
  if (hours.rules.length === 0 && hours.exceptions.length === 0) {
    return <p className="vv-unknown">{t.hoursUnknown}</p>;
  }
  const rules = [...hours.rules].sort(
    (a, b) => WEEKDAYS.indexOf(a.byday) - WEEKDAYS.indexOf(b.byday) || a.opensAt.localeCompare(b.opensAt),
  );
  const exceptions = [...hours.exceptions].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <>
      {rules.length ? (
        <table className="pkt-table pkt-table--compact vv-table vv-hours-table" id={`${idPrefix}-rules`}>
          <caption>{t.hoursCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.dayHeader}</th>
              <th scope="col">{t.opensHeader}</th>
              <th scope="col">{t.closesHeader}</th>
              <th scope="col">{t.noteHeader}</th>
            </tr>
          </thead>
          <tbody>
            {/* A day without an opening reads "Stengt" rather than being left out. */}
            {rowsByDay(rules).map(({ day, rule: r, i }) => {
              if (!r) {
                return (
                  <tr key={`${day}-closed`} className="vv-hours-closed">
                    <th scope="row">{t.weekdays[day]}</th>
                    <td colSpan={3}>{t.closedDay}</td>
                  </tr>
                );
              }
              const pastMidnight = r.closesAt <= r.opensAt;
              const notes = [
                r.validFrom ? t.validFrom(formatDate(r.validFrom, lang)) : null,
                r.validTo ? t.validTo(formatDate(r.validTo, lang)) : null,
                r.closedOnPublicHolidays ? t.closedOnHolidays : null,
              ].filter(Boolean);
              return (
                <tr key={`${day}-${r.opensAt}-${i}`}>
                  <th scope="row">{t.weekdays[r.byday]}</th>
                  <td>{r.opensAt}</td>
                  <td>
                    {r.closesAt === '00:00' ? '24:00' : r.closesAt}
                    {pastMidnight && r.closesAt !== '00:00' ? ` ${t.nextDay}` : ''}
                  </td>
                  <td>{notes.join(', ')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="vv-unknown">{t.hoursUnknown}</p>
      )}
      {exceptions.length ? (
        <table className="pkt-table pkt-table--compact vv-table vv-hours-table" id={`${idPrefix}-exceptions`}>
          <caption>{t.exceptionsCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.dateHeader}</th>
              <th scope="col">{t.hoursHeading}</th>
            </tr>
          </thead>
          <tbody>
            {exceptions.map((e) => (
              <tr key={e.date}>
                <th scope="row">{formatDate(e.date, lang)}</th>
                <td>
                  {e.closed || !e.opensAt || !e.closesAt ? t.exceptionClosed : t.exceptionOpen(e.opensAt, e.closesAt)}
                  {e.description ? ` – ${e.description}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
