import { sql, type Kysely } from 'kysely';

/*
 * Frozen data migration: the national crisis and help lines a person in Oslo can call, as they
 * were on 2 December 2026. Editors change them afterwards (each change is a new version); this
 * file is never edited. The shared Oslo data has no crisis numbers, so these are publicly known
 * facts, each with its source in `source_note` (shown to editors, who verify them):
 *
 * - 113, Medisinsk nødtelefon: the national emergency number for acute illness and injury,
 *   answered by the health trusts' emergency medical communication centres (AMK); in Oslo, Oslo
 *   universitetssykehus. Helsenorge.no "Nødnummer" and the NRK help-line fact box (2021):
 *   "Ring 113 når det er akutt og står om liv".
 * - 116 117, Legevakt: the national number of the out-of-hours medical service (legevaktsentralen);
 *   from Oslo it reaches Oslo kommunale legevakt (Helseetaten). Open day and night. NRK (2021).
 * - 116 123, Mental Helses hjelpetelefon: run by Mental Helse, open day and night for anyone who
 *   needs someone to talk to (chat at sidetmedord.no). NRK (2021), mentalhelse.no.
 * - 22 40 00 40, Kirkens SOS: Norway's largest crisis line, open every day, day and night, anonymous.
 *   girku-sos.no/nordsamisk/telefon, dinutvei.no "Hva er Kirkens SOS?", NRK (2017, 2021).
 * - 116 111, Alarmtelefonen for barn og unge: for children and young people exposed to violence,
 *   abuse or neglect, and adults worried about a child; free, open day and night, all year; run by
 *   Kristiansand kommune's barnevernvakt and financed by Bufdir (in Oslo, Oslo barnevernvakt answers).
 *   116111.no "Om Alarmtelefonen", kristiansand.kommune.no (2020).
 * - 08588, Rustelefonen (now RUSinfo): advice and information about alcohol, drugs and where to get
 *   help, anonymous; run by Velferdsetaten in Oslo kommune, financed by Helsedirektoratet; open on
 *   weekdays 11–18. no.wikipedia.org "Rusinfo" (hours change: editors verify at rusinfo.no).
 */
type Line = {
  key: string;
  name_nb: string;
  name_en: string;
  phone_display: string;
  phone_tel: string;
  organization: string;
  hours_nb: string;
  hours_en: string;
  is_24_7: boolean;
  audience_nb: string;
  audience_en: string;
  sort_order: number;
  source_note: string;
};

const LINES: Line[] = [
  {
    key: 'amk-113',
    name_nb: 'Medisinsk nødtelefon',
    name_en: 'Medical emergency',
    phone_display: '113',
    phone_tel: '113',
    organization: 'AMK-sentralen (Oslo universitetssykehus)',
    hours_nb: 'Døgnåpen',
    hours_en: 'Open 24/7',
    is_24_7: true,
    audience_nb: 'Når det er akutt og står om liv, også ved overdose og selvmordsfare',
    audience_en: 'When life is at risk, including overdose and risk of suicide',
    sort_order: 10,
    source_note: 'Nasjonalt nødnummer for akutt sykdom og skade (helsenorge.no «Nødnummer»; NRK 2021).',
  },
  {
    key: 'legevakt-116117',
    name_nb: 'Legevakt',
    name_en: 'Out-of-hours doctor (legevakt)',
    phone_display: '116 117',
    phone_tel: '116117',
    organization: 'Oslo kommunale legevakt (Helseetaten)',
    hours_nb: 'Døgnåpen',
    hours_en: 'Open 24/7',
    is_24_7: true,
    audience_nb: 'Når du trenger lege raskt og ikke kan vente på fastlegen',
    audience_en: 'When you need a doctor soon and cannot wait for your GP',
    sort_order: 20,
    source_note: 'Nasjonalt legevaktnummer; fra Oslo svarer Oslo kommunale legevakt (helsenorge.no; NRK 2021).',
  },
  {
    key: 'mental-helse-116123',
    name_nb: 'Mental Helses hjelpetelefon',
    name_en: 'Mental Helse helpline',
    phone_display: '116 123',
    phone_tel: '116123',
    organization: 'Mental Helse',
    hours_nb: 'Døgnåpen',
    hours_en: 'Open 24/7',
    is_24_7: true,
    audience_nb: 'For alle som trenger noen å snakke med',
    audience_en: 'For anyone who needs someone to talk to',
    sort_order: 30,
    source_note: 'Mental Helse: døgnåpen hjelpetelefon 116 123, chat på sidetmedord.no (mentalhelse.no; NRK 2021).',
  },
  {
    key: 'kirkens-sos',
    name_nb: 'Kirkens SOS',
    name_en: 'Kirkens SOS crisis line',
    phone_display: '22 40 00 40',
    phone_tel: '+4722400040',
    organization: 'Kirkens SOS',
    hours_nb: 'Døgnåpen',
    hours_en: 'Open 24/7',
    is_24_7: true,
    audience_nb: 'For deg som er i krise eller har tanker om selvmord; du kan være anonym',
    audience_en: 'If you are in crisis or have thoughts of suicide; you can stay anonymous',
    sort_order: 40,
    source_note: 'Kirkens SOS: krisetelefon 22 40 00 40, åpen hele døgnet (kirkens-sos.no; dinutvei.no).',
  },
  {
    key: 'alarmtelefonen-116111',
    name_nb: 'Alarmtelefonen for barn og unge',
    name_en: 'Alarm line for children and young people',
    phone_display: '116 111',
    phone_tel: '116111',
    organization: 'Barnevernvakten (Alarmtelefonen for barn og unge, finansiert av Bufdir)',
    hours_nb: 'Døgnåpen',
    hours_en: 'Open 24/7',
    is_24_7: true,
    audience_nb: 'For barn og unge som blir utsatt for vold, overgrep eller omsorgssvikt, og voksne som er bekymret for et barn',
    audience_en: 'For children and young people exposed to violence, abuse or neglect, and adults worried about a child',
    sort_order: 50,
    source_note:
      'Alarmtelefonen 116 111: gratis, døgnåpen; drives av barnevernvakta i Kristiansand, i Oslo svarer Oslo barnevernvakt (116111.no).',
  },
  {
    key: 'rustelefonen-08588',
    name_nb: 'Rustelefonen (RUSinfo)',
    name_en: 'Drug and alcohol helpline (RUSinfo)',
    phone_display: '08588',
    phone_tel: '08588',
    organization: 'Velferdsetaten, Oslo kommune (på oppdrag fra Helsedirektoratet)',
    hours_nb: 'Hverdager 11–18',
    hours_en: 'Weekdays 11:00–18:00',
    is_24_7: false,
    audience_nb: 'Råd og informasjon om rus, og om hvor du kan få hjelp – også for pårørende; anonymt',
    audience_en: 'Advice about alcohol and drugs and where to get help – also for relatives; anonymous',
    sort_order: 60,
    source_note:
      'RUSinfo (tidligere RUStelefonen) 08588, drives av Velferdsetaten; åpningstid hverdager 11–18 ' +
      '(no.wikipedia.org «Rusinfo»). Sjekk rusinfo.no.',
  },
];

const BY = 'Veiviser (nasjonale hjelpetelefoner)';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const line of LINES) {
    await sql`insert into crisis_line (key, name_nb, name_en, phone_display, phone_tel, organization, hours_nb, hours_en, is_24_7,
        audience_nb, audience_en, sort_order, active, source_note, version, updated_by)
      values (${line.key}, ${line.name_nb}, ${line.name_en}, ${line.phone_display}, ${line.phone_tel}, ${line.organization},
        ${line.hours_nb}, ${line.hours_en}, ${line.is_24_7}, ${line.audience_nb}, ${line.audience_en}, ${line.sort_order}, true,
        ${line.source_note}, 1, ${BY})`.execute(db);
    const changes = Object.fromEntries(Object.entries(line).map(([field, value]) => [field, { from: null, to: value }]));
    await sql`insert into crisis_line_version (line_key, version, action, changed_by, changes)
      values (${line.key}, 1, 'seed', ${BY}, ${JSON.stringify(changes)}::jsonb)`.execute(db);
  }
}
