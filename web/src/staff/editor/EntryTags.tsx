import type { ArrangementKind, ServiceStatus } from '../../api.ts';
import { Tag } from '../../components/common.tsx';
import { formatDate } from '../../i18n.ts';
import { useVocabulary } from '../../hooks.ts';
import { useStaffText } from '../messages.ts';

type Entry = {
  status: ServiceStatus;
  statusDate: string | null;
  underReview: boolean;
  arrangement?: ArrangementKind | null | undefined;
};

const todayInOslo = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' }).format(new Date());

/**
 * An entry's tags in the staff lists: an agreement, contract or project says so (it is not in the
 * public catalog; the tag waits for the vocabulary, so it never shows a code); a closed entry
 * reads "Avsluttet" once its end date has passed, "Avsluttes" before.
 */
export function EntryTags({ entry }: { entry: Entry }) {
  const { s, t, lang, label } = useStaffText();
  const { vocabulary } = useVocabulary();
  const date = entry.statusDate ? formatDate(entry.statusDate, lang) : null;
  const ended = entry.status === 'closed' && (entry.statusDate === null || entry.statusDate <= todayInOslo());
  return (
    <>
      {entry.arrangement && vocabulary ? (
        <Tag skin="blue-light">{s.arrangementTag(label(vocabulary.arrangements[entry.arrangement], entry.arrangement))}</Tag>
      ) : null}
      {ended ? <Tag skin="grey">{s.endedTag(date)}</Tag> : null}
      {entry.status === 'closed' && !ended && date ? <Tag skin="red">{s.endingTag(date)}</Tag> : null}
      {entry.status === 'planned' ? <Tag skin="yellow">{t.statusPlanned(date)}</Tag> : null}
      {entry.underReview ? <Tag skin="beige">{t.underReview}</Tag> : null}
    </>
  );
}
