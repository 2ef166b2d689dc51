import { useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ApiError, postPublic, type Location, type Service, type Vocabulary } from '../api.ts';
import { Loading, LoadError, Notice } from '../components/common.tsx';
import { ErrorSummary, TextField, fieldId, type ErrorLink } from '../components/forms.tsx';
import { OpeningHoursView } from '../components/OpeningHours.tsx';
import { ForProfessionals, HowToGetSection, OpenStatusTag } from '../components/ServiceInfo.tsx';
import { Icon } from '../components/Icon.tsx';
import { useApi, useVocabulary } from '../hooks.ts';
import { formatDate, formatDateTime, languageName, localizeFieldMessage, type Messages } from '../i18n.ts';
import { useLang, useTitle } from '../lang.tsx';
import { areaText, drugFreeText, StatusTags, type FromSearch, type ReturningToSearch } from './SearchPage.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Fact({ term, children, unknown }: { term: string; children: ReactNode; unknown?: boolean }) {
  return (
    <div className="vv-fact">
      <dt>{term}</dt>
      <dd className={unknown ? 'vv-unknown' : undefined}>{children}</dd>
    </div>
  );
}

export function addressLines(service: Pick<Service, 'locations'>): string[] | null {
  const l = service.locations.find((x) => x.address1 || x.postalCode || x.city);
  if (!l) return null;
  const lines = [l.name, l.address1, [l.postalCode, l.city].filter(Boolean).join(' ')].filter((x): x is string => Boolean(x));
  return lines.length ? lines : null;
}

/** The facts of a service; what the catalog does not know is said to be unknown. */
export function ServiceFacts({ service, vocabulary, t }: { service: Service; vocabulary: Vocabulary | null; t: Messages }) {
  const { label, lang } = useLang();
  const s = service;
  const age = t.ageRange(s.minAge, s.maxAge);
  return (
    <dl className="vv-facts">
      <Fact term={t.kindLabel}>{label(vocabulary?.kinds[s.kind], s.kind)}</Fact>
      <Fact term={t.targetLabel} unknown={s.targetGroups.length === 0}>
        {s.targetGroups.length ? s.targetGroups.map((g) => label(vocabulary?.targetGroups[g], g)).join(', ') : t.targetUnknown}
      </Fact>
      <Fact term={t.areaLabel}>{areaText(s, vocabulary, t)}</Fact>
      <Fact term={t.ageLabelDetail} unknown={!age}>
        {age || t.ageUnknown}
      </Fact>
      <Fact term={t.accessLabel} unknown={!s.access}>
        {s.access ? label(vocabulary?.access[s.access], s.access) : t.accessUnknown}
      </Fact>
      <Fact term={t.drugFreeLabel} unknown={s.requiresDrugFree === null}>
        {drugFreeText(s.requiresDrugFree, t)}
      </Fact>
      <Fact term={t.anonymousLabel} unknown={s.anonymous === null}>
        {s.anonymous === true ? t.anonymousYes : s.anonymous === false ? t.anonymousNo : t.anonymousUnknown}
      </Fact>
      <Fact term={t.costLabel} unknown={s.freeOfCharge === null && !s.costDescription}>
        {[s.freeOfCharge === true ? t.costFree : s.freeOfCharge === false ? t.costNotFree : null, s.costDescription]
          .filter(Boolean)
          .join('. ') || t.costUnknown}
      </Fact>
      <Fact term={t.languagesLabel} unknown={s.languages.length === 0}>
        {s.languages.length ? s.languages.map((c) => languageName(c, lang)).join(', ') : t.languagesUnknown}
      </Fact>
      <Fact term={t.placesLabel} unknown={s.places === null}>
        {s.places === null ? t.placesUnknown : String(s.places)}
      </Fact>
      <Fact term={t.accessibilityLabel} unknown={!s.accessibility}>
        {s.accessibility ?? t.accessibilityUnknown}
      </Fact>
      <Fact term={t.organizationLabel} unknown={!s.organization}>
        {s.organization?.name ?? t.organizationUnknown}
      </Fact>
    </dl>
  );
}

/** Planning terms: ladder step and hovedforløp, and where the entry's facts come from (for professionals). */
export function PlanningFacts({ service, vocabulary, t }: { service: Service; vocabulary: Vocabulary | null; t: Messages }) {
  const { label } = useLang();
  const s = service;
  return (
    <dl className="vv-facts">
      <Fact term={t.stepLabel} unknown={s.ladderStep === null}>
        {s.ladderStep === null ? t.stepUnknown : t.stepOption(s.ladderStep, label(vocabulary?.ladderSteps[String(s.ladderStep)]))}
      </Fact>
      <Fact term={t.hovedforlopLabel} unknown={s.hovedforlop.length === 0}>
        {s.hovedforlop.length
          ? s.hovedforlop.map((h) => label(vocabulary?.hovedforlop[String(h)], String(h))).join('; ')
          : t.hovedforlopUnknown}
      </Fact>
      {s.provenance.source ? (
        <Fact term={t.basisLabel}>
          <span lang="nb">{s.provenance.source}</span>
        </Fact>
      ) : null}
    </dl>
  );
}

const webText = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/$/, '');

/** True when the entry has no phone, address, web page, e-mail or contact person: nothing to reach it by. */
export function hasNoContact(service: Service): boolean {
  return !service.phone && !service.email && !service.url && service.contacts.length === 0 && addressLines(service) === null;
}

/**
 * Phone, e-mail and website as far as they are known. What is missing is said once, in one line;
 * an entry with no phone, address or web page says so plainly and shows the organisation's own
 * contact where the catalog has it (never a made-up one).
 */
export function ContactFacts({ service, t }: { service: Service; t: Messages }) {
  const s = service;
  const org = s.organization;
  const missing = [
    !s.phone && !s.contacts.some((c) => c.phone) ? t.contactGap.phone : null,
    !s.email ? t.contactGap.email : null,
    !s.url ? t.contactGap.web : null,
  ].filter((x): x is string => x !== null);
  if (hasNoContact(s)) {
    return (
      <div className="vv-contact-none">
        <p>
          <strong>{t.contactNone}</strong>
        </p>
        {org && (org.website || org.email) ? (
          <>
            <p>{t.contactNoneOrg(org.name)}</p>
            <ul className="vv-plain-list">
              {org.website ? (
                <li>
                  <a href={org.website} rel="noopener noreferrer">
                    {webText(org.website)}
                  </a>
                </li>
              ) : null}
              {org.email ? (
                <li>
                  <a href={`mailto:${org.email}`}>{org.email}</a>
                </li>
              ) : null}
            </ul>
          </>
        ) : null}
        <p className="vv-noprint">
          <a href="#report-heading">{t.contactNoneReport}</a>
        </p>
      </div>
    );
  }
  return (
    <>
      <dl className="vv-facts">
        {s.phone ? (
          <Fact term={t.phoneLabel}>
            <a href={`tel:${s.phone.replace(/\s+/g, '')}`}>{s.phone}</a>
          </Fact>
        ) : null}
        {s.email ? (
          <Fact term={t.emailLabel}>
            <a href={`mailto:${s.email}`}>{s.email}</a>
          </Fact>
        ) : null}
        {s.url ? (
          <Fact term={t.websiteLabel}>
            <a href={s.url} rel="noopener noreferrer">
              {webText(s.url)}
            </a>
          </Fact>
        ) : null}
        {s.contacts.length ? (
          <Fact term={t.contactPersonsLabel}>
            <ul className="vv-plain-list">
              {s.contacts.map((c) => (
                <li key={c.id}>
                  {[c.name, c.title].filter(Boolean).join(', ')}
                  {c.phone ? (
                    <>
                      {' – '}
                      <a href={`tel:${c.phone.replace(/\s+/g, '')}`}>{c.phone}</a>
                    </>
                  ) : null}
                  {c.email ? (
                    <>
                      {' – '}
                      <a href={`mailto:${c.email}`}>{c.email}</a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </Fact>
        ) : null}
      </dl>
      {missing.length ? <p className="vv-unknown vv-contact-missing">{t.contactMissing(missing.join(', '))}</p> : null}
    </>
  );
}

/** Where the service is; an unknown address is said to be unknown, never guessed. */
function AddressCard({ location, address }: { location: Location | undefined; address: string[] | null }) {
  const { t } = useLang();
  return (
    <section aria-labelledby="address-heading" className="vv-card">
      <h2 id="address-heading" className="vv-section-title">
        {t.addressHeading}
      </h2>
      {address ? (
        <address className="vv-address">
          {address.map((line) => (
            <span key={line}>{line}</span>
          ))}
        </address>
      ) : (
        <p className="vv-unknown">{t.addressUnknown}</p>
      )}
      {location?.addressNote ? <p>{location.addressNote}</p> : null}
      {location?.transportation ? (
        <p>
          <strong>{t.transportationLabel}:</strong> {location.transportation}
        </p>
      ) : null}
      {location?.accessibility ? (
        <p>
          <strong>{t.locationAccessibilityLabel}:</strong> {location.accessibility}
        </p>
      ) : null}
    </section>
  );
}

/** Whether the service takes new people now, and since when the catalog knows. */
function IntakeCard({ service }: { service: Service }) {
  const { t, lang } = useLang();
  return (
    <section aria-labelledby="intake-heading" className="vv-card">
      <h2 id="intake-heading" className="vv-section-title">
        {t.intakeHeading}
      </h2>
      {service.intakeStatus ? (
        <p>
          <strong>{t.intakeStatus[service.intakeStatus]}</strong>
          {service.intakeStatusAt ? (
            <>
              <br />
              <span className="vv-muted">{t.intakeUpdated(formatDateTime(service.intakeStatusAt, lang))}</span>
            </>
          ) : null}
          {service.intakeStatusDerived ? (
            <>
              <br />
              <span className="vv-muted">{t.intakeDerived}</span>
            </>
          ) : null}
        </p>
      ) : (
        <p className="vv-unknown">{t.intakeUnknown}</p>
      )}
    </section>
  );
}

/** The public error report; a sent report puts the entry under review, so the page reloads it. */
function ReportErrorForm({ serviceId, onReported }: { serviceId: string; onReported: () => void }) {
  const { t, lang } = useLang();
  const [message, setMessage] = useState('');
  const [contact, setContact] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const successRef = useRef<HTMLDivElement>(null);

  async function submit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setSending(true);
    setFormError(null);
    try {
      await postPublic(`/api/services/${serviceId}/error-reports`, { message, contact: contact.trim() || null });
      setErrors({});
      setSent(true);
      setMessage('');
      setContact('');
      onReported();
      requestAnimationFrame(() => successRef.current?.focus());
    } catch (error) {
      const fieldErrors: Record<string, string> = {};
      if (error instanceof ApiError && error.errors.length) {
        for (const fe of error.errors) fieldErrors[fe.field] = localizeFieldMessage(fe.message, lang);
        setFormError(t.formHasErrors);
      } else if (error instanceof ApiError && error.status === 429) {
        setFormError(t.tooManyRequests);
      } else {
        setFormError(t.genericError);
      }
      setErrors(fieldErrors);
      requestAnimationFrame(() => {
        const first = Object.keys(fieldErrors)[0];
        const el = first ? document.getElementById(fieldId(`report-${first}`)) : summaryRef.current;
        el?.focus();
      });
    } finally {
      setSending(false);
    }
  }

  const labels: Record<string, string> = { message: t.reportMessageLabel, contact: t.reportContactLabel };
  const links: ErrorLink[] = Object.entries(errors).map(([field, msg]) => ({
    id: fieldId(`report-${field}`),
    label: labels[field] ?? field,
    message: msg,
  }));

  return (
    <section className="vv-report vv-noprint" aria-labelledby="report-heading">
      <h2 id="report-heading" className="vv-section-title">
        {t.reportHeading}
      </h2>
      {sent ? (
        <div ref={successRef} tabIndex={-1} className="vv-report__success">
          <Notice skin="success" live>
            <p>{t.reportSuccess}</p>
          </Notice>
          <button type="button" className="pkt-btn pkt-btn--secondary pkt-btn--small" onClick={() => setSent(false)}>
            <span className="pkt-btn__text">{t.reportAnother}</span>
          </button>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate className="vv-form">
          <p>{t.reportIntro}</p>
          {formError ? (
            <div ref={summaryRef} tabIndex={-1}>
              <ErrorSummary heading={formError} errors={links} />
            </div>
          ) : null}
          <TextField
            id={fieldId('report-message')}
            label={t.reportMessageLabel}
            hint={t.reportMessageHint}
            value={message}
            onChange={setMessage}
            multiline
            rows={4}
            error={errors.message}
            maxLength={2000}
          />
          <TextField
            id={fieldId('report-contact')}
            label={t.reportContactLabel}
            hint={t.reportContactHint}
            value={contact}
            onChange={setContact}
            error={errors.contact}
            autoComplete="email"
            maxLength={200}
          />
          <button type="submit" className="pkt-btn pkt-btn--primary pkt-btn--medium" disabled={sending}>
            <span className="pkt-btn__text">{sending ? t.reportSending : t.reportSubmit}</span>
          </button>
        </form>
      )}
    </section>
  );
}

export function ServicePage() {
  const { id = '' } = useParams();
  const { t, lang, link } = useLang();
  const from = (useLocation().state as FromSearch | null)?.search;
  const valid = UUID.test(id);
  const { data: service, error, reload } = useApi<Service>(valid ? `/api/services/${id}` : null);
  const { vocabulary } = useVocabulary();
  useTitle(service?.name ?? (error?.status === 404 || !valid ? t.serviceNotFound : null));

  if (!valid || error?.status === 404 || error?.status === 400) {
    return (
      <>
        <h1 className="vv-page-title">{t.serviceNotFound}</h1>
        <p>{t.serviceNotFoundText}</p>
        <p>
          <Link to={link('/')}>{t.goHome}</Link>
        </p>
      </>
    );
  }
  if (error) return <LoadError error={error} onRetry={reload} />;
  // A reload after an error report keeps the page (and the report's confirmation) in place.
  if (!service || service.id !== id) return <Loading />;

  const s = service;
  const english = lang === 'en' && s.descriptionEn;
  const address = addressLines(s);
  const location = s.locations[0];

  return (
    <article className="vv-service" aria-labelledby="service-title">
      <p className="vv-backlink vv-noprint">
        <Link to={from === undefined ? link('/') : `/${from}`} state={{ returning: true } satisfies ReturningToSearch}>
          <Icon name="chevron-left" className="vv-backlink__icon" />
          {t.backToSearch}
        </Link>
      </p>
      <h1 className="vv-page-title" id="service-title">
        {s.name}
      </h1>
      <div className="vv-service__tags">
        <OpenStatusTag status={s.openStatus} />
        <StatusTags s={s} lang={lang} />
      </div>
      {s.underReview ? (
        <Notice skin="warning">
          <p>{t.underReviewNotice}</p>
        </Notice>
      ) : null}
      {s.status !== 'active' && s.statusNote ? (
        <Notice skin="info">
          <p lang={lang === 'en' ? 'nb' : undefined}>{s.statusNote}</p>
        </Notice>
      ) : null}

      {/* Contact and address come right after the description, before the long fact lists. */}
      <div className="vv-service__layout">
        <section aria-labelledby="about-heading" className="vv-service__about">
          <h2 id="about-heading" className="vv-section-title">
            {t.aboutHeading}
          </h2>
          <p className="vv-service__description" lang={lang === 'en' && !english ? 'nb' : undefined}>
            {english ? s.descriptionEn : s.description}
          </p>
          {lang === 'en' && !english ? <p className="vv-muted">{t.onlyNorwegian}</p> : null}
          {s.alternateNames.length ? (
            <p>
              <strong>{t.alternateNamesLabel}:</strong> {s.alternateNames.join(', ')}
            </p>
          ) : null}
          <h3 className="vv-subtitle">{t.eligibilityLabel}</h3>
          <p
            className={s.eligibilityDescription ? undefined : 'vv-unknown'}
            lang={lang === 'en' && s.eligibilityDescription ? 'nb' : undefined}
          >
            {s.eligibilityDescription ?? t.eligibilityUnknown}
          </p>
        </section>

        <HowToGetSection howToGet={s.howToGet} />

        <div className="vv-service__side">
          <section aria-labelledby="contact-heading" className="vv-card">
            <h2 id="contact-heading" className="vv-section-title">
              {t.contactHeading}
            </h2>
            <ContactFacts service={s} t={t} />
          </section>
          {/* With no phone, address or web page the contact card says so once; no second "address unknown". */}
          {hasNoContact(s) && !location?.addressNote ? null : <AddressCard location={location} address={address} />}
          <IntakeCard service={s} />
          <p className="vv-noprint">
            <button type="button" className="pkt-btn pkt-btn--secondary pkt-btn--small pkt-btn--icon-left" onClick={() => window.print()}>
              <Icon name="print" className="pkt-btn__icon" />
              <span className="pkt-btn__text">{t.printThis}</span>
            </button>
          </p>
        </div>

        <section aria-labelledby="hours-heading">
          <h2 id="hours-heading" className="vv-section-title">
            {t.hoursHeading}
          </h2>
          <OpeningHoursView hours={s.openingHours} />
        </section>

        <section aria-labelledby="facts-heading">
          <h2 id="facts-heading" className="vv-section-title">
            {t.factsHeading}
          </h2>
          <ServiceFacts service={s} vocabulary={vocabulary} t={t} />
          <ForProfessionals>
            <PlanningFacts service={s} vocabulary={vocabulary} t={t} />
          </ForProfessionals>
        </section>

        <section aria-labelledby="provenance-heading">
          <h2 id="provenance-heading" className="vv-section-title">
            {t.aboutInfoHeading}
          </h2>
          <dl className="vv-facts">
            <Fact term={t.lastVerifiedLabel} unknown={!s.provenance.lastVerifiedAt}>
              {s.provenance.lastVerifiedAt
                ? t.verifiedBy(formatDate(s.provenance.lastVerifiedAt, lang), s.provenance.verifiedBy)
                : t.notVerified}
            </Fact>
            <Fact term={t.updatedLabel}>{formatDate(s.updatedAt, lang)}</Fact>
          </dl>
        </section>
      </div>

      <ReportErrorForm serviceId={s.id} onReported={reload} />
    </article>
  );
}
