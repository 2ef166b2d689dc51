import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router-dom';
import type { Task, TaskDetail } from '../../../../src/intake/transitions.schemas.ts';
import { Loading, LoadError } from '../../components/common.tsx';
import { fieldId, SelectField, TextField } from '../../components/forms.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { focusById } from '../fieldErrors.ts';
import { staffApi, useStaffGet } from '../http.ts';
import { Button, Section, StaffNotice } from '../ui.tsx';
import { useStaffForm } from '../useStaffForm.ts';
import { useTransitionsText } from './transitions-messages.ts';
import { IntakeNav } from './IntakeNav.tsx';

const OUTCOMES = ['placed', 'other_service', 'own_home', 'declined', 'unreachable', 'other'] as const;

/** /inntak/oppgaver/:id — a re-placement task: what happened, the bar, take it, close it with an outcome. */
export function TaskPage({ id }: { id: string }) {
  const { x, lang, link } = useTransitionsText();
  const detail = useStaffGet<TaskDetail>(`/api/intake/tasks/${encodeURIComponent(id)}`);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number]>('placed');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const take = useStaffForm({ failureId: 'task-result', summary: false });
  const close = useStaffForm({ failureId: 'task-result', summary: false });
  useTitle(x.taskTitle);

  const update = (task: Task, text: string) => {
    if (detail.data) detail.set({ ...detail.data, task });
    setNotice(text);
    focusById('task-result');
  };
  const onTake = () => void take.run(async () => update(await staffApi.post<Task>(`/api/intake/tasks/${id}/take`), x.taskTaken));
  const onClose = (event: SubmitEvent) => {
    event.preventDefault();
    void close.run(async () =>
      update(await staffApi.post<Task>(`/api/intake/tasks/${id}/close`, { outcome, note: note || null }), x.taskClosed),
    );
  };

  const data = detail.data;
  const failure = take.failure ?? close.failure;
  return (
    <>
      <IntakeNav />
      <p className="vv-staff-back">
        <Link to={link('/inntak/oppgaver')}>{x.backToTasks}</Link>
      </p>
      <h1 className="vv-page-title">{x.taskTitle}</h1>
      {detail.loading && !data ? <Loading /> : null}
      <LoadError error={detail.error} onRetry={detail.reload} />
      {notice || failure ? (
        <StaffNotice id="task-result" skin={failure ? 'error' : 'success'}>
          <p>{failure ?? notice}</p>
        </StaffNotice>
      ) : null}
      {data ? (
        <>
          <dl>
            <dt>{x.taskStatus}</dt>
            <dd data-testid="task-status">
              {data.task.outcome
                ? `${x.taskStatuses[data.task.status] ?? data.task.status}: ${x.outcomes[data.task.outcome] ?? data.task.outcome}`
                : (x.taskStatuses[data.task.status] ?? data.task.status)}
            </dd>
            <dt>{x.taskFrom}</dt>
            <dd>{data.task.fromUnitName}</dd>
            <dt>{x.taskPerson}</dt>
            <dd>
              <code>{data.task.personId}</code>
            </dd>
            <dt>{x.taskIncident}</dt>
            <dd>
              {`${x.idKinds[data.incident.kind] ?? data.incident.kind}, ${formatDateTime(data.incident.occurredAt, lang)}: `}
              {data.incident.description}
            </dd>
            <dt>{x.taskBar}</dt>
            <dd>{data.bars.map((b) => x.taskBarRange(b.from, b.until)).join('; ')}</dd>
            <dt>{x.taskDeadline}</dt>
            <dd>{formatDateTime(data.task.deadline, lang)}</dd>
            <dt>{x.tasksOwner}</dt>
            <dd data-testid="task-owner">{x.ownerOf(data.task.ownerTeam, data.task.ownerName, x.teams)}</dd>
            <dt>{x.taskRequest}</dt>
            <dd>
              {data.task.requestId ? (
                <Link to={link(`/inntak/foresporsler/${data.task.requestId}`)}>{x.taskRequestLink}</Link>
              ) : (
                x.taskRequestNone
              )}
            </dd>
          </dl>
          {data.task.status === 'open' ? (
            <>
              <Button busy={take.busy} onClick={onTake}>
                {x.taskTake}
              </Button>
              <Section id="task-close" title={x.taskCloseHeading}>
                <form className="vv-staff-form" onSubmit={onClose} noValidate>
                  <SelectField
                    id={fieldId('task-outcome')}
                    label={x.taskOutcome}
                    value={outcome}
                    onChange={(v) => setOutcome(v as (typeof OUTCOMES)[number])}
                    options={OUTCOMES.map((o) => ({ value: o, label: x.outcomes[o] ?? o }))}
                    error={close.errors.outcome}
                  />
                  <TextField
                    id={fieldId('task-note')}
                    label={x.taskNote}
                    value={note}
                    onChange={setNote}
                    multiline
                    maxLength={2000}
                    error={close.errors.note}
                  />
                  <Button type="submit" busy={close.busy}>
                    {x.taskClose}
                  </Button>
                </form>
              </Section>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
