import { Link } from 'react-router-dom';
import type { TaskList } from '../../../../src/intake/transitions.schemas.ts';
import { Loading, LoadError } from '../../components/common.tsx';
import { formatDateTime } from '../../i18n.ts';
import { useTitle } from '../../lang.tsx';
import { useStaffGet } from '../http.ts';
import { Section } from '../ui.tsx';
import { useTransitionsText } from './transitions-messages.ts';
import { IntakeNav } from './IntakeNav.tsx';

const BUCKETS = ['under_24h', 'one_to_three_days', 'over_three_days', 'overdue'] as const;

/** /inntak/oppgaver — common intake's re-placement tasks: counts by age and owner, then the open tasks, oldest first. */
export function TasksPage() {
  const { x, lang, link } = useTransitionsText();
  const list = useStaffGet<TaskList>('/api/intake/tasks');
  useTitle(x.tasksTitle);
  const data = list.data;
  return (
    <>
      <IntakeNav />
      <h1 className="vv-page-title">{x.tasksTitle}</h1>
      <p>{x.tasksIntro}</p>
      {list.loading && !data ? <Loading /> : null}
      <LoadError error={list.error} onRetry={list.reload} />
      {data ? (
        <>
          <Section id="tasks-age" title={x.tasksByAge}>
            <div className="vv-staff-table-wrap" role="region" aria-labelledby="tasks-age-heading" tabIndex={0}>
              <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
                <thead>
                  <tr>
                    {BUCKETS.map((b) => (
                      <th scope="col" key={b}>
                        {x.ageBuckets[b]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {BUCKETS.map((b) => (
                      <td key={b} data-testid={`bucket-${b}`}>
                        {data.overview.byAge[b]}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </Section>
          <Section id="tasks-owner" title={x.tasksByOwner}>
            {data.overview.byOwner.length === 0 ? (
              <p>{x.tasksNone}</p>
            ) : (
              <ul>
                {data.overview.byOwner.map((o) => (
                  <li key={o.ownerUserId ?? o.ownerTeam ?? ''}>{`${x.ownerOf(o.ownerTeam, o.ownerName, x.teams)}: ${o.open}`}</li>
                ))}
              </ul>
            )}
          </Section>
          {data.tasks.length === 0 ? (
            <p>{x.tasksNone}</p>
          ) : (
            <div className="vv-staff-table-wrap" role="region" aria-labelledby="tasks-caption" tabIndex={0}>
              <table className="pkt-table pkt-table--basic pkt-table--compact vv-staff-table">
                <caption id="tasks-caption" className="vv-staff-caption">
                  {x.tasksCaption(data.tasks.length)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{x.taskFrom}</th>
                    <th scope="col">{x.taskAge}</th>
                    <th scope="col">{x.taskDeadline}</th>
                    <th scope="col">{x.tasksOwner}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.tasks.map((task) => (
                    <tr key={task.id} data-task={task.id}>
                      <th scope="row">
                        <Link to={link(`/inntak/oppgaver/${task.id}`)}>{task.fromUnitName}</Link>
                      </th>
                      <td>{task.ageBucket ? x.ageBuckets[task.ageBucket] : ''}</td>
                      <td>{formatDateTime(task.deadline, lang)}</td>
                      <td>{x.ownerOf(task.ownerTeam, task.ownerName, x.teams)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}
