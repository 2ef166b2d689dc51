import { CrisisLineList } from '../components/Crisis.tsx';
import { useCrisisLines } from '../crisis.ts';
import { useLang, useTitle } from '../lang.tsx';

/** /hjelpetelefoner: every crisis and help line, with who runs it and when it is open. */
export function CrisisLinesPage() {
  const { t } = useLang();
  useTitle(t.crisisPageTitle);
  const lines = useCrisisLines();
  return (
    <div className="vv-crisis-page">
      <h1 id="crisis-page-title">{t.crisisPageTitle}</h1>
      <p className="vv-lead">{t.crisisPageIntro}</p>
      <CrisisLineList lines={lines} headingLevel={2} />
    </div>
  );
}
